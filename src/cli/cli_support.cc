#include "cli/cli_support.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>

#include "app/data_dir.h"
#include "store/category_lookup.h"
#include "store/open_store.h"

namespace openwsus::cli {
namespace {

// Display width of UTF-8 text: code points, not bytes.
size_t Width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Real titles carry line breaks and stray spaces; a table cell is one line.
// Leading spaces are kept: they indent the rows of a tree.
std::string OneLine(const std::string& s) {
  size_t indent = s.find_first_not_of(' ');
  if (indent == std::string::npos) return "";
  std::string out;
  for (char c : s.substr(indent)) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? out : std::string(indent, ' ') + out;
}

}  // namespace

Result<std::unique_ptr<store::Store>> OpenLocalStore(const app::GlobalOptions& globals) {
  app::DataDir dir(globals.data_dir.empty() ? app::DataDir::DefaultRoot() : globals.data_dir);
  OW_RETURN_IF_ERROR(dir.Create());
  return store::OpenStore(dir.store_url());
}

int ReportError(const Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

void PrintTable(const std::vector<std::vector<std::string>>& raw_rows) {
  std::vector<std::vector<std::string>> rows = raw_rows;
  for (auto& row : rows) {
    for (auto& cell : row) cell = OneLine(cell);
  }
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size());
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - Width(row[i]) + 2, ' ');
    }
    std::cout << line << "\n";
  }
}

Result<store::CategoryNode> ResolveCategory(store::Store* store, catalog::CategoryType type,
                                            const std::string& name_or_id) {
  return store::FindCategory(store, type, name_or_id);
}

}  // namespace openwsus::cli
