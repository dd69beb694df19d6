/*
 * blkcrash.c: the same as blkpattern while blk is crashed 50 times at
 * random request counts: every byte right, every crash counted, and the
 * client never sees an error.
 */
#include "blkpat.h"

int main(void)
{
	return run_pattern(50);
}
