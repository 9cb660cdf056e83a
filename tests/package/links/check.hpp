// The package link programs' one assertion: PACKAGE_CHECK(cond) is 0 when cond holds, else it
// prints the condition and its line and is 1 (the program's exit status, which ctest checks).
#pragma once

#include <cstdio>

namespace package_test {

inline int check(bool ok, const char* condition, const char* file, int line) {
    if (!ok) std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, condition);
    return ok ? 0 : 1;
}

}  // namespace package_test

#define PACKAGE_CHECK(cond) ::package_test::check((cond), #cond, __FILE__, __LINE__)
