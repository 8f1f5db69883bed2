#pragma once
// `crest maintenance status [--json]`: every cron (the retention jobs among them), its schedule,
// when its latest run finished, how it ended and what it removed (its result's "removed"), read
// from the jobs table, so it answers for every worker of the deployment.
#include "core/config/config.hpp"

namespace crest::app {

// Returns the exit code: 0 printed, 1 the database could not be read.
int maintenance_status_command(const Config& config, bool json_output);

}  // namespace crest::app
