// Entry point of the strata command.
#include "cli_context.hpp"

int main(int argc, char** argv) {
    return strata::cli::run(argc, argv);
}
