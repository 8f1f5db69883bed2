#include "core/queue/bullmq/bullmq_scripts.hpp"

#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include "core/util/embedded.hpp"

namespace crest::queue::bullmq {

namespace {

constexpr std::string_view kPrefix = "bullmq/commands/";

// A path with "." and ".." segments folded ("includes/../x.lua" -> "x.lua").
std::string normalized(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

void resolve_into(const std::string& path, std::string_view text,
                  const std::function<std::optional<std::string_view>(const std::string&)>& read,
                  std::set<std::string>& included, std::string& out) {
  // BullMQ's RE_INCLUDE, one line at a time.
  static const std::regex include(R"(^-{2,3}[ \t]*@include[ \t]+(["'])(.+?)\1[; \t]*$)");
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::match_results<std::string_view::const_iterator> match;
    if (std::regex_match(line.begin(), line.end(), match, include)) {
      std::string name = match[2].str();
      if (name.size() < 4 || name.compare(name.size() - 4, 4, ".lua") != 0) name += ".lua";
      std::string target = normalized(directory_of(path) + name);
      if (included.insert(target).second) {
        auto body = read(target);
        if (!body) throw std::runtime_error("BullMQ script " + path + " includes " + target + ", which is missing");
        resolve_into(target, *body, read, included, out);
        if (!out.empty() && out.back() != '\n') out += '\n';
      }
    } else {
      out.append(line);
      if (end != std::string_view::npos) out += '\n';
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

std::optional<std::string_view> embedded(const std::string& path) {
  static const std::map<std::string, std::string_view, std::less<>> files = [] {
    std::map<std::string, std::string_view, std::less<>> out;
    for (const auto& file : embedded_files())
      if (file.path.starts_with(kPrefix)) out.emplace(std::string(file.path.substr(kPrefix.size())), file.content);
    return out;
  }();
  auto it = files.find(path);
  if (it == files.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string_view version() { return CREST_BULLMQ_VERSION; }

std::string resolve_includes(const std::string& path,
                             const std::function<std::optional<std::string_view>(const std::string&)>& read) {
  auto text = read(path);
  if (!text) throw std::runtime_error("no BullMQ script " + path);
  std::set<std::string> included{normalized(path)};
  std::string out;
  resolve_into(normalized(path), *text, read, included, out);
  return out;
}

const std::vector<Script>& scripts() {
  static const std::vector<Script> all = [] {
    static const std::regex command(R"(^([A-Za-z]+)-([0-9]+)\.lua$)");
    std::vector<Script> out;
    for (const auto& file : embedded_files()) {
      if (!file.path.starts_with(kPrefix)) continue;
      std::string path(file.path.substr(kPrefix.size()));
      std::smatch match;
      if (!std::regex_match(path, match, command)) continue;  // (includes/…)
      out.push_back({match[1].str(), std::stoi(match[2].str()), resolve_includes(path, embedded)});
    }
    return out;
  }();
  return all;
}

const Script& script(std::string_view name) {
  for (const auto& s : scripts())
    if (s.name == name) return s;
  throw std::out_of_range("BullMQ " + std::string(version()) + " has no script " + std::string(name));
}

}  // namespace crest::queue::bullmq
