// locate_statement: trims a libpg_query span to its tokens and collects its leading comments.
#include "sql/statement_locator.hpp"

#include <algorithm>

#include "sql/lexer.hpp"

namespace strata::sql {

Statement locate_statement(const SourceText& src, int location, int length) {
    std::string_view body(src.body(), src.body_size());
    auto begin = std::min(static_cast<std::size_t>(std::max(location, 0)), body.size());
    auto size = length > 0 ? static_cast<std::size_t>(length) : body.size() - begin;
    auto region = body.substr(begin, size);
    auto bounds = scan_region(region);

    Statement statement;
    if (bounds.first_token == std::string_view::npos) return statement;
    auto base = src.bom_size() + begin;  // region offset -> original offset
    statement.offset = base + bounds.first_token;
    statement.length = bounds.tokens_end - bounds.first_token;
    statement.text = std::string(region.substr(bounds.first_token, statement.length));
    auto pos = src.position(statement.offset);
    statement.line = pos.line;
    statement.column = pos.column;

    // A region after a semicolon starts on the previous statement's last line: comments there,
    // before the first line break, remark on that statement, not on this one.
    std::size_t own_from = 0;
    if (begin > 0) {
        auto nl = region.find('\n');
        own_from = nl == std::string_view::npos ? region.size() : nl;
    }
    for (const auto& comment : bounds.leading_comments) {
        if (comment.offset < own_from) continue;
        auto text = region.substr(comment.offset, comment.length);
        if (text.starts_with("--") && text.ends_with('\r')) text.remove_suffix(1);
        statement.leading_comments.emplace_back(text);
    }
    return statement;
}

}  // namespace strata::sql
