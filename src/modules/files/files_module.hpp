#pragma once
// Files: GET /api/v1/files/:id downloads one (streamed from local disk, or a 302 to a short-lived
// presigned URL on an S3 store), and the files.expire cron removes files past their expiry, the
// bytes before the row. Modules that store files record them with file_records.hpp.
#include "core/module.hpp"

namespace crest::modules {

class FilesModule : public Module {
 public:
  std::string_view name() const override { return "files"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
