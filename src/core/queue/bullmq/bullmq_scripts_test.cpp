// BullMQ's scripts as crest resolves them: the include rules on small files, then every command of
// the pinned npm package against the same command as BullMQ's own build resolved it (the
// package's dist/cjs/scripts/*.js, blank lines aside): crest runs BullMQ's scripts, not its own.
#include "core/queue/bullmq/bullmq_scripts.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/queue/bullmq/bullmq_args.hpp"

namespace crest::queue::bullmq {
namespace {

std::string without_blank_lines(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) out += line + "\n";
  return out;
}

// The text of `const content = `…`;` in a file BullMQ generated (a JS template literal).
std::string generated_content(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string js = buffer.str();
  const std::string start = "const content = `";
  auto at = js.find(start);
  if (at == std::string::npos) return "(no content in " + path + ")";
  std::string out;
  for (std::size_t i = at + start.size(); i < js.size() && js[i] != '`'; ++i) {
    if (js[i] == '\\' && i + 1 < js.size()) {
      char c = js[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += js[i];
    }
  }
  return out;
}

TEST(BullmqScripts, IncludesAreRelativeToTheirFileAndTakeThePlaceOfTheirFirstMention) {
  std::map<std::string, std::string> files{
      {"add-2.lua", "local a = 1\n--- @include \"includes/b\"\n-- @include 'includes/c.lua';\n--- @include \"includes/b\"\nreturn a\n"},
      {"includes/b.lua", "--- @include \"c\"\nlocal function b() end\n"},
      {"includes/c.lua", "local function c() end\n"},
  };
  auto read = [&](const std::string& path) -> std::optional<std::string_view> {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return std::string_view(it->second);
  };
  EXPECT_EQ(resolve_includes("add-2.lua", read),
            "local a = 1\nlocal function c() end\nlocal function b() end\nreturn a\n")
      << "depth first, each file once";
  files["broken-1.lua"] = "--- @include \"includes/missing\"\n";
  EXPECT_THROW(resolve_includes("broken-1.lua", read), std::runtime_error);
  files["loop-1.lua"] = "--- @include \"includes/d\"\n";
  files["includes/d.lua"] = "--- @include \"e\"\nd\n";
  files["includes/e.lua"] = "--- @include \"d\"\ne\n";
  EXPECT_EQ(resolve_includes("loop-1.lua", read), "e\nd\n") << "an include cycle ends at a file already included";
}

TEST(BullmqScripts, EveryCommandIsTheOneBullmqItselfBuiltFromTheSameFiles) {
  ASSERT_EQ(version(), "6.7.0");
  ASSERT_GT(scripts().size(), 50u);
  for (const Script& s : scripts()) {
    EXPECT_EQ(s.lua.find("@include"), std::string::npos) << s.name;
    EXPECT_GT(s.keys, 0) << s.name;
    std::string generated = generated_content(std::string(CREST_BULLMQ_DIR) + "/scripts/" + s.name + "-" +
                                              std::to_string(s.keys) + ".js");
    EXPECT_EQ(without_blank_lines(s.lua), without_blank_lines(generated)) << s.name;
  }
  EXPECT_EQ(script("addStandardJob").keys, 9);
  EXPECT_THROW(script("noSuchCommand"), std::out_of_range);
}

TEST(BullmqArgs, ValuesArePackedAsMsgpack) {
  Packed packed;
  packed.array(5).str("a").nil().integer(300).integer(-2).boolean(true);
  EXPECT_EQ(packed.bytes(), std::string("\x95\xa1" "a\xc0\xcd\x01\x2c\xfe\xc3", 9));
  Packed document;
  document.json(boost::json::parse(R"({"k":[1,"x"]})"));
  EXPECT_EQ(document.bytes(), std::string("\x81\xa1k\x92\x01\xa1x", 7));
}

TEST(BullmqArgs, AddStandardJobGetsNineKeysThenArgsDataAndOptions) {
  NewJob job{"welcome", boost::json::parse(R"({"to":"ann@example.com"})"), std::nullopt, 3, 1700000000000};
  auto argv = add_standard_job_arguments({"bull", "mail"}, job);
  ASSERT_EQ(argv.size(), 12u);
  EXPECT_EQ(argv[0], "bull:mail:wait");
  EXPECT_EQ(argv[8], "bull:mail:marker");
  EXPECT_EQ(static_cast<unsigned char>(argv[9][0]), 0x9a) << "an array of 10";
  EXPECT_NE(argv[9].find("bull:mail:"), std::string::npos);
  EXPECT_NE(argv[9].find("welcome"), std::string::npos);
  EXPECT_EQ(argv[10], R"({"to":"ann@example.com"})");
  EXPECT_EQ(argv[11], std::string("\x81\xa8" "attempts\x03", 11));
}

TEST(BullmqArgs, BackoffIsComputedAsBullmqComputesIt) {
  using boost::json::parse;
  EXPECT_EQ(backoff_delay_ms(parse(R"({"type":"fixed","delay":500})"), 3, 0.9), 500);
  EXPECT_EQ(backoff_delay_ms(parse("250"), 1, 0.0), 250) << "a number is a fixed delay";
  EXPECT_EQ(backoff_delay_ms(parse(R"({"type":"exponential","delay":1000})"), 1, 0.5), 1000);
  EXPECT_EQ(backoff_delay_ms(parse(R"({"type":"exponential","delay":1000})"), 4, 0.5), 8000);
  EXPECT_EQ(backoff_delay_ms(parse(R"({"type":"exponential","delay":1000,"jitter":0.5})"), 2, 0.0), 1000)
      << "jitter 0.5 of 2000: from 1000";
  EXPECT_EQ(backoff_delay_ms(parse(R"({"type":"exponential","delay":1000,"jitter":0.5})"), 2, 0.999), 1999);
  EXPECT_EQ(backoff_delay_ms(parse("null"), 1, 0.0), std::nullopt);
  EXPECT_EQ(backoff_delay_ms(parse(R"({"type":"mine","delay":5})"), 1, 0.0), std::nullopt) << "a custom strategy";
}

}  // namespace
}  // namespace crest::queue::bullmq
