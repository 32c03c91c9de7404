// System calls of the C library that Swift's Glibc module does not declare (they need
// _GNU_SOURCE). Declared here, defined by the C library itself: nothing is compiled.
#pragma once

#ifdef __linux__
#include <fcntl.h>

// renameat2(2), glibc 2.28 and later: RENAME_EXCHANGE swaps two paths atomically.
int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#endif
