// Entry point of the strata command.
#include <malloc.h>

#include "cli_context.hpp"

int main(int argc, char** argv) {
    // A long migration is read, split and checked in buffers of tens of megabytes. By default
    // glibc maps each such buffer fresh (and unmaps it when freed), so every one of them costs a
    // page fault per 4 KB page again; kept in the heap they are reused. A short-lived command can
    // afford to keep its peak.
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return strata::cli::run(argc, argv);
}
