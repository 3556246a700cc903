// What every fuzz target uses: a broken invariant prints what and where, then aborts, so that
// libFuzzer keeps the input (crash-<sha1>) and the sanitizers' report names the line.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);   \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)
