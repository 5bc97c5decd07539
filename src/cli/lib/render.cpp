// Printing a command's output as tables with bars, or as JSON; see render.hpp.
#include "cli/lib/render.hpp"

#include "core/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {
namespace {

std::optional<double> number(const Value& v) {
    if (!v || v->empty()) return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (*end != '\0' || !std::isfinite(d)) return std::nullopt;
    return d;
}

std::string pad(const std::string& s, std::size_t width, bool right) {
    const std::size_t w = core::display_width(s);
    if (w >= width) return s;
    const std::string fill(width - w, ' ');
    return right ? fill + s : s + fill;
}

std::string center(const std::string& s, std::size_t width) {
    const std::size_t w = core::display_width(s);
    if (w >= width) return s;
    const std::size_t left = (width - w) / 2;
    return std::string(left, ' ') + s + std::string(width - w - left, ' ');
}

std::string rtrim(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// The bar of each row (empty strings without a chart).
std::vector<std::string> chart_cells(const Section& s, const RenderStyle& style) {
    std::vector<std::string> out(s.result.rows.size());
    if (!s.chart) return out;
    const Chart& c = *s.chart;
    std::map<std::string, double> scale;
    std::vector<std::optional<double>> values, marks;
    std::vector<std::string> groups;
    bool any_mark = false;
    for (std::size_t r = 0; r < s.result.rows.size(); ++r) {
        values.push_back(number(s.result.get(r, c.value)));
        std::optional<double> m = c.mark.empty() ? std::nullopt : number(s.result.get(r, c.mark));
        if (m && *m <= 0) m.reset();
        if (!c.mark_where_column.empty() && s.result.get(r, c.mark_where_column) != c.mark_where_value) m.reset();
        any_mark = any_mark || m.has_value();
        marks.push_back(m);
        groups.push_back(c.group.empty() ? std::string() : s.result.get(r, c.group).value_or(""));
        double& g = scale[groups.back()];
        g = std::max({g, values.back().value_or(0.0), m.value_or(0.0)});
    }
    const std::size_t width = style.bars.width + (any_mark ? 1 : 0);
    for (std::size_t r = 0; r < out.size(); ++r) {
        if (!values[r]) {
            out[r] = std::string(width, ' ');  // unknown (NULL): no bar; its value cell is empty too
            continue;
        }
        out[r] = pad(core::bar(*values[r], scale[groups[r]], style.bars, marks[r]), width, false);
    }
    return out;
}

}  // namespace

std::string cell_text(const Value& v, Kind kind) {
    if (!v) return {};
    if (kind != Kind::Number) return *v;
    const std::string& s = *v;
    const std::size_t dot = s.find('.');
    if (dot == std::string::npos || s.find_first_of("eE") != std::string::npos || s.size() - dot - 1 <= 4) return s;
    const std::optional<double> d = number(v);
    if (!d) return s;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", *d);
    std::string out = buf;
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    if (out == "-0") out = "0";
    return out;
}

std::string render_table(const Section& s, const RenderStyle& style) {
    const ResultSet& rs = s.result;
    std::vector<int> cols;
    if (s.shown.empty()) {
        for (std::size_t i = 0; i < rs.columns.size(); ++i) cols.push_back(static_cast<int>(i));
    } else {
        for (const std::string& name : s.shown)
            if (int c = rs.column(name); c >= 0) cols.push_back(c);  // a column the server no longer has is left out
    }
    std::vector<std::string> headers;
    std::vector<bool> right;
    for (int c : cols) {
        headers.push_back(rs.columns[c].name);
        right.push_back(rs.columns[c].kind == Kind::Number);
    }
    std::vector<std::vector<std::string>> cells;
    for (std::size_t r = 0; r < rs.rows.size(); ++r) {
        std::vector<std::string> line;
        for (int c : cols) line.push_back(cell_text(rs.rows[r][c], rs.columns[c].kind));
        cells.push_back(std::move(line));
    }
    if (s.chart) {
        headers.push_back(s.chart->header);
        right.push_back(false);
        const std::vector<std::string> bars = chart_cells(s, style);
        for (std::size_t r = 0; r < cells.size(); ++r) cells[r].push_back(bars[r]);
    }
    std::vector<std::size_t> width(headers.size());
    for (std::size_t i = 0; i < headers.size(); ++i) {
        width[i] = core::display_width(headers[i]);
        for (const auto& line : cells) width[i] = std::max(width[i], core::display_width(line[i]));
    }
    std::string out = s.title.empty() ? std::string() : s.title + "\n";
    std::string head, rule;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        head += (i ? " | " : " ") + center(headers[i], width[i]);
        rule += (i ? "-+-" : "-") + std::string(width[i], '-');
    }
    out += rtrim(head) + "\n" + rule + "-\n";
    for (const auto& line : cells) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) text += (i ? " | " : " ") + pad(line[i], width[i], right[i]);
        out += rtrim(text) + "\n";
    }
    out += "(" + std::to_string(cells.size()) + (cells.size() == 1 ? " row)\n" : " rows)\n");
    return out;
}

std::string render_alerts(const Section& s) {
    std::string out = s.title.empty() ? std::string() : s.title + "\n";
    const ResultSet& rs = s.result;
    if (rs.rows.empty()) return out + "(none)\n";
    auto field = [&](std::size_t r, const char* name) { return rs.get(r, name).value_or("-"); };
    for (std::size_t r = 0; r < rs.rows.size(); ++r) {
        out += field(r, "severity") + " " + field(r, "code") + " " + field(r, "parent_table") + " " +
               field(r, "partition_name") + ": " + field(r, "message") + "\n";
        if (auto rec = rs.get(r, "recommendation")) out += "    -> " + *rec + "\n";
    }
    return out;
}

std::string render_text(const Output& out, const RenderStyle& style) {
    std::string text;
    if (out.status) text += out.command + ": " + status_name(*out.status) + (out.summary.empty() ? "" : " - " + out.summary) + "\n";
    else if (!out.summary.empty()) text += out.command + ": " + out.summary + "\n";
    for (const Section& s : out.sections) {
        if (!text.empty()) text += "\n";
        text += s.style == Section::Style::Alerts ? render_alerts(s) : render_table(s, style);
    }
    for (const Output& part : out.parts) {
        if (!text.empty()) text += "\n";
        text += "=== " + part.command + " ===\n" + render_text(part, style);
    }
    return text;
}

namespace {

void json_object(const Output& out, const std::string& indent, std::string& text) {
    const std::string in = indent + "  ";
    std::vector<std::string> members;
    members.push_back(in + "\"command\": " + core::json_quote(out.command));
    if (!out.generated_at.empty()) members.push_back(in + "\"generated_at\": " + core::json_quote(out.generated_at));
    if (out.status) members.push_back(in + "\"status\": " + core::json_quote(status_name(*out.status)));
    if (!out.summary.empty()) members.push_back(in + "\"summary\": " + core::json_quote(out.summary));
    for (const Section& s : out.sections) {
        std::string m = in + core::json_quote(s.key) + ": [";
        for (std::size_t r = 0; r < s.result.json.size(); ++r)
            m += (r ? ",\n" : "\n") + in + "  " + s.result.json[r];
        m += s.result.json.empty() ? "]" : "\n" + in + "]";
        members.push_back(m);
    }
    for (const Output& part : out.parts) {
        std::string m = in + core::json_quote(part.command) + ": ";
        json_object(part, in, m);
        members.push_back(m);
    }
    text += "{\n";
    for (std::size_t i = 0; i < members.size(); ++i) text += members[i] + (i + 1 < members.size() ? ",\n" : "\n");
    text += indent + "}";
}

}  // namespace

std::string render_json(const Output& out) {
    std::string text;
    json_object(out, "", text);
    return text + "\n";
}

}  // namespace cli

}  // namespace pmx
