# configs/build.mk: toolchains, flags and version for every part.
#
# Three compilers build Lichen:
#   KCC    the nucleus (aarch64, freestanding, EL1)
#   UCC    everything at EL0: init and the servers, statically linked to musl
#   HOSTCC host unit tests, under AddressSanitizer and UBSan

VERSION  := 0.1.0
GIT_REV  := $(shell git rev-parse --short HEAD 2>/dev/null || echo nogit)

KCC      := aarch64-linux-gnu-gcc
KOBJCOPY := aarch64-linux-gnu-objcopy
KNM      := aarch64-linux-gnu-nm
UCC      := aarch64-linux-musl-gcc
HOSTCC   := gcc

WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes

# The nucleus: no libc headers (-nostdinc) but GCC's own freestanding ones
# (stdint.h, stddef.h, stdarg.h, stdbool.h) and nucleus/lib/include.
# -mgeneral-regs-only: nucleus code never touches FP/SIMD registers, which
# belong to user tasks.  Loop-idiom recognition is off so that memset()
# is not compiled into a call to itself.
# (recursively expanded: the compiler may be installed only by tools/deps.sh,
# after the Makefile was read)
KCC_INCLUDE = $(eval KCC_INCLUDE := $(shell $(KCC) -print-file-name=include))$(KCC_INCLUDE)
KCFLAGS = -std=gnu11 -O2 -g $(WARN) -ffreestanding -nostdinc -isystem $(KCC_INCLUDE) \
	-Inucleus/lib/include -Inucleus -Inucleus/lib -Inucleus/arch/aarch64 -Iipc \
	-mgeneral-regs-only -fno-stack-protector -fno-pic -fno-pie \
	-fno-tree-loop-distribute-patterns -fno-omit-frame-pointer \
	-ffunction-sections -fdata-sections -MMD -MP \
	-DLICHEN_VERSION='"$(VERSION)"' -DLICHEN_GIT_REV='"$(GIT_REV)"'
KASFLAGS := -g -Inucleus/arch/aarch64 -Inucleus -MMD -MP -D__ASSEMBLY__
KLDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

# Host unit tests: every report of a sanitizer aborts the test binary,
# which the runner counts as a failure.
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -DLICHEN_HOST -Iipc
HOST_LDLIBS := -lcmocka
