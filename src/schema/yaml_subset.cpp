// The YAML subset parser: lines -> (indent, content), then recursive blocks by indentation.
#include "schema/yaml_subset.hpp"

#include <fmt/format.h>

#include "strata/core/error.hpp"

namespace strata::schema::yaml {
namespace {

struct Line {
    int number;
    std::size_t indent;
    std::string text;  ///< without indentation and comment
    std::string raw;   ///< without indentation, comment kept (block scalars)
};

class Parser {
public:
    Parser(std::string_view text, std::string_view file) : file_(file) { split(text); }

    Node document() {
        if (lines_.empty()) {
            Node n;
            n.kind = Node::Kind::map;
            return n;
        }
        if (lines_[0].indent != 0) fail(lines_[0].number, "the document must start at column 1");
        auto node = block(0);
        if (pos_ < lines_.size()) fail(lines_[pos_].number, "unexpected indentation");
        return node;
    }

private:
    [[noreturn]] void fail(int line, std::string_view what) const {
        throw ConfigError(fmt::format("{}:{}: {}", file_, line, what));
    }

    static std::string strip_comment(std::string_view s) {
        char quote = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || s[i - 1] == ' ')) {
                s = s.substr(0, i);
                break;
            }
        }
        while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
        return std::string(s);
    }

    void split(std::string_view text) {
        int number = 0;
        while (!text.empty() || number == 0) {
            ++number;
            auto nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
            std::size_t indent = 0;
            while (indent < line.size() && line[indent] == ' ') ++indent;
            if (indent < line.size() && line[indent] == '\t')
                fail(number, "tab in indentation (use spaces)");
            auto raw = std::string(line.substr(indent));
            while (!raw.empty() && raw.back() == '\r') raw.pop_back();
            lines_.push_back({number, indent, strip_comment(raw), raw});
            if (text.empty()) break;
        }
        all_ = lines_;
        std::erase_if(lines_, [](const Line& l) { return l.text.empty() || l.text == "---"; });
    }

    Node block(std::size_t indent) {
        const auto& first = lines_[pos_];
        bool list = first.text == "-" || first.text.starts_with("- ");
        Node node;
        node.kind = list ? Node::Kind::list : Node::Kind::map;
        node.line = first.number;
        while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
            const auto line = lines_[pos_];
            bool is_item = line.text == "-" || line.text.starts_with("- ");
            if (is_item != list)
                fail(line.number, list ? "expected a list item `- ...`" : "expected `key: value`");
            if (list) {
                ++pos_;
                auto rest = std::string_view(line.text).substr(1);
                while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
                if (rest.empty() || rest.front() == '-' || rest.front() == '[' ||
                    (rest.find(": ") != std::string_view::npos && rest.front() != '"' &&
                     rest.front() != '\'')) {
                    fail(line.number, "list items must be plain scalars");
                }
                node.items.push_back(scalar(rest, line.number));
                continue;
            }
            entry(node, line, indent);
        }
        return node;
    }

    void entry(Node& map, const Line& line, std::size_t indent) {
        ++pos_;
        std::string_view text = line.text;
        std::string key;
        std::size_t colon;
        if (text.front() == '"' || text.front() == '\'') {
            auto end = text.find(text.front(), 1);
            if (end == std::string_view::npos) fail(line.number, "unterminated quoted key");
            key = std::string(text.substr(1, end - 1));
            colon = end + 1;
            if (colon >= text.size() || text[colon] != ':')
                fail(line.number, "expected `:` after the key");
        } else {
            colon = text.find(": ");
            if (colon == std::string_view::npos && text.back() == ':') colon = text.size() - 1;
            if (colon == std::string_view::npos)
                fail(line.number, fmt::format("expected `key: value`, got `{}`", text));
            key = std::string(text.substr(0, colon));
        }
        for (const auto& [k, _] : map.entries) {
            if (k == key) fail(line.number, fmt::format("duplicate key `{}`", key));
        }
        auto rest = text.substr(colon + 1);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        Node value;
        if (rest == "|" || rest == ">") {
            value = block_scalar(rest[0] == '|', indent, line.number);
        } else if (!rest.empty()) {
            value = rest.front() == '[' ? flow_list(rest, line.number) : scalar(rest, line.number);
        } else if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
            value = block(lines_[pos_].indent);
        } else if (pos_ < lines_.size() && lines_[pos_].indent == indent &&
                   lines_[pos_].text.starts_with("- ")) {
            value = block(indent);  // a list at the key's own indentation
        } else {
            value.null = true;
            value.line = line.number;
        }
        value.line = line.number;  // messages about a value point at its key
        map.entries.emplace_back(std::move(key), std::move(value));
    }

    Node block_scalar(bool literal, std::size_t indent, int number) {
        Node n;
        n.line = number;
        // Raw lines (blank ones included) after the key, while more indented than it.
        std::size_t raw_index = 0;
        while (raw_index < all_.size() && all_[raw_index].number <= number) ++raw_index;
        std::vector<std::string> parts;
        int last = number;
        for (; raw_index < all_.size(); ++raw_index) {
            const auto& l = all_[raw_index];
            if (!l.raw.empty() && l.indent <= indent) break;
            parts.push_back(l.raw);
            if (!l.raw.empty()) last = l.number;
        }
        while (!parts.empty() && parts.back().empty()) parts.pop_back();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) n.value += literal || parts[i].empty() || parts[i - 1].empty() ? "\n" : " ";
            n.value += parts[i];
        }
        while (pos_ < lines_.size() && lines_[pos_].number <= last) ++pos_;
        return n;
    }

    Node flow_list(std::string_view text, int number) {
        if (text.back() != ']') fail(number, "a flow list must end with `]` on the same line");
        Node n;
        n.kind = Node::Kind::list;
        n.line = number;
        auto body = text.substr(1, text.size() - 2);
        while (true) {
            while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
            if (body.empty()) break;
            std::size_t end;
            if (body.front() == '"' || body.front() == '\'') {
                end = body.find(body.front(), 1);
                if (end == std::string_view::npos) fail(number, "unterminated quoted list item");
                end = body.find(',', end);
            } else {
                end = body.find(',');
            }
            auto item = body.substr(0, end);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (item.empty()) fail(number, "empty list item");
            if (item.front() == '[' || item.front() == '{')
                fail(number, "list items must be plain scalars");
            n.items.push_back(scalar(item, number));
            if (end == std::string_view::npos) break;
            body = body.substr(end + 1);
        }
        return n;
    }

    Node scalar(std::string_view text, int number) {
        Node n;
        n.line = number;
        if (text.front() == '"' || text.front() == '\'') {
            char q = text.front();
            if (text.size() < 2 || text.back() != q) fail(number, "unterminated quoted string");
            auto inner = text.substr(1, text.size() - 2);
            for (std::size_t i = 0; i < inner.size(); ++i) {
                if (q == '\'' && inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') {
                    n.value += '\'';
                    ++i;
                } else if (q == '"' && inner[i] == '\\' && i + 1 < inner.size()) {
                    char e = inner[++i];
                    n.value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                } else {
                    n.value += inner[i];
                }
            }
            return n;
        }
        if (text.front() == '&' || text.front() == '*' || text.front() == '!' ||
            text.front() == '{' || text.front() == '|' || text.front() == '>') {
            fail(number,
                 fmt::format("unsupported YAML `{}` (anchors, tags and flow maps are not allowed)",
                             text.front()));
        }
        n.value = std::string(text);
        return n;
    }

    std::string file_;
    std::vector<Line> lines_;
    std::vector<Line> all_;
    std::size_t pos_ = 0;
};

}  // namespace

Node parse(std::string_view text, std::string_view file) {
    return Parser(text, file).document();
}

}  // namespace strata::schema::yaml
