/*
 * irq.c: a device interrupt delivered to a user task.  The PL031
 * real-time clock of QEMU's virt machine raises its interrupt when its
 * counter (seconds) reaches the match register.  The IRQ object is bound
 * to a notification: the nucleus masks the line and signals; the test
 * clears the device's interrupt and acknowledges, which unmasks it.
 */
#include "tlib.h"

#define RTC_VA   0x0000009000000000UL
#define RTC_DR   0x00      /* data: seconds */
#define RTC_MR   0x04      /* match */
#define RTC_IMSC 0x10      /* interrupt mask: 1 = enabled */
#define RTC_RIS  0x14      /* raw interrupt status */
#define RTC_ICR  0x1c      /* interrupt clear */

static volatile uint32_t *reg(unsigned off)
{
	return (volatile uint32_t *)(RTC_VA + off);
}

int main(void)
{
	uint32_t note;
	uint64_t bits;

	if (SI->instance == 1)
		exit(0);
	CHECK(SI->rtc_region != 0 && SI->rtc_irq != 0);
	CHECK_EQ(lc_map(SI->self_aspace, SI->rtc_region, RTC_VA, 0, 1, RIGHT_READ | RIGHT_WRITE), 0);
	CHECK_EQ(lc_notify_create(&note), 0);
	CHECK_EQ(lc_sys(SYS_irq_bind, SI->rtc_irq, note, 1UL << 5, 0, 0, 0).err, 0);
	for (int round = 0; round < 2; round++) {
		*reg(RTC_ICR) = 1;
		*reg(RTC_MR) = *reg(RTC_DR) + 1;
		*reg(RTC_IMSC) = 1;
		CHECK_EQ(lc_notify_wait(note, 5000000000UL, &bits), 0);
		CHECK_EQ(bits, 1UL << 5);
		CHECK(*reg(RTC_RIS) & 1);
		*reg(RTC_IMSC) = 0;
		*reg(RTC_ICR) = 1;
		CHECK_EQ(lc_sys(SYS_irq_ack, SI->rtc_irq, 0, 0, 0, 0, 0).err, 0);
	}
	tsay("  the RTC's interrupt reached this task twice, through its notification\n");
	exit(0);
}
