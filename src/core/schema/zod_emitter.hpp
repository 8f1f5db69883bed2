#pragma once
// Schema -> TypeScript source using Zod: `export const X = z.object(...)` and
// `export type X = z.infer<typeof X>` for each named schema, dependencies first.
#include <set>
#include <string>

#include "core/schema/schema.hpp"

namespace crest::schema {

class ZodEmitter {
 public:
  // Adds a named schema (and every named schema it uses).
  void add(const Schema& named);
  std::string source() const;

 private:
  std::string expression(const Schema& schema);
  std::string body(const Schema& schema);
  std::set<std::string> emitted_;
  std::string out_;
};

}  // namespace crest::schema
