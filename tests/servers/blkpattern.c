/*
 * blkpattern.c: every sector of the disk written through blk, read back
 * and compared; the host then checks the image file.
 */
#include "blkpat.h"

int main(void)
{
	return run_pattern(0);
}
