# configs/qemu.mk: the machine that `make run`, `make debug` and the tests
# boot.  DESIGN.md fixes this command line; override any of these on the
# make command line, e.g. `make run QEMU_CPU=max QEMU_MEM=2G QEMU_SMP=4`.

QEMU         := qemu-system-aarch64
QEMU_MACHINE := virt
QEMU_CPU     := cortex-a72
QEMU_MEM     := 512M
QEMU_SMP     := 1
QEMU_APPEND  :=
# Extra options, e.g. QEMU_EXTRA="-icount shift=0,sleep=off".
QEMU_EXTRA   :=

QEMU_ARGS = -M $(QEMU_MACHINE) -cpu $(QEMU_CPU) -m $(QEMU_MEM) -smp $(QEMU_SMP) \
	-nographic -kernel $(BUILD)/lichen.img \
	-drive file=$(BUILD)/root.img,if=none,format=raw,id=root -device virtio-blk-device,drive=root \
	$(if $(QEMU_APPEND),-append "$(QEMU_APPEND)") $(QEMU_EXTRA)

# Device trees dumped from QEMU for the host unit tests of dt.c: one per
# line, "name cpu memory smp machine-options psci-method".  The test reads
# the same list (build/dtb/manifest) to know what each tree must contain.
DTB_MATRIX := \
	a72-128m-1      cortex-a72 128M 1 virt                    hvc \
	a57-512m-2      cortex-a57 512M 2 virt                    hvc \
	max-2g-4        max        2G   4 virt                    hvc \
	max-1g-2-el2    max        1G   2 virt,virtualization=on  smc \
	a72-300m-3      cortex-a72 300M 3 virt                    hvc
