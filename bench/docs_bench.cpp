// Docs generation time on generated catalogues of 345 to 2,760 tables: render_docs (Markdown,
// Mermaid, no SVG) per size, and each size's time against the smallest one's in the same run,
// which is the size ratio when generation is linear. Usage: docs_bench [runs] [largest size].
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../tests/schema/large_catalog.hpp"
#include "bench_support.hpp"
#include "strata/schema/docs.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double median_ms(const strata::schema::Catalog& cat, int runs, std::size_t& bytes) {
    strata::schema::DocsOptions options;
    options.svg = false;
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) {
        auto start = Clock::now();
        auto files = strata::schema::render_docs(cat, {}, options);
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        bytes = 0;
        for (const auto& f : files) bytes += f.content.size();
    }
    std::ranges::sort(times);
    return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = strata::bench::scaled(argc > 1 ? std::max(1, std::atoi(argv[1])) : 5, 1);
    const int largest = strata::bench::scaled(argc > 2 ? std::atoi(argv[2]) : 2760, 30);
    std::printf(
        "| tables | objects | files' bytes | render_docs (median of %d) | per table | "
        "time ratio | size ratio |\n| --- | --- | --- | --- | --- | --- | --- |\n",
        runs);
    double first = 0;
    int first_tables = 0;
    for (const int full : {345, 690, 1380, 2760}) {
        const int tables = strata::bench::smoke() ? full / 23 : full;
        if (tables > largest) break;
        auto cat = strata::schema::test::large_catalog(tables);
        std::size_t objects = cat.tables.size() + cat.views.size() + cat.functions.size() +
                              cat.enums.size() + cat.domains.size();
        for (const auto& t : cat.tables) {
            objects +=
                t.columns.size() + t.constraints.size() + t.triggers.size() + t.policies.size();
        }
        std::size_t bytes = 0;
        double ms = median_ms(cat, runs, bytes);
        if (first == 0) {
            first = ms;
            first_tables = tables;
        }
        std::printf("| %d | %zu | %zu | %.0f ms | %.3f ms | %.2f | %.2f |\n", tables, objects,
                    bytes, ms, ms / tables, ms / first, static_cast<double>(tables) / first_tables);
    }
    return 0;
}
