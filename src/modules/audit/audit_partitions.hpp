#pragma once
// The audit log's partitions on PostgreSQL, as audit.maintain (and pg_partman) make them.
#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

#include "core/db/database.hpp"
#include "modules/audit/audit_periods.hpp"

namespace crest::modules::audit {

struct Partition {
  std::string name;
  Period period;
};

// The partitions with a range, oldest first (the default partition has none).
boost::asio::awaitable<std::vector<Partition>> partitions(db::Session& s);
// Every partition's name, the default one included.
boost::asio::awaitable<std::vector<std::string>> partition_names(db::Session& s);

// What makes a partition as private as the parent: row-level security, enabled and forced, with
// the parent's policy (migrations 0004 and 0014). A query aimed at a partition by name is held
// to its workspace as one aimed at audit_logs is.
std::vector<std::string> securing_statements(const std::string& table);
// Secures each partition that is not yet (pg_partman makes them without a policy); their names.
boost::asio::awaitable<std::vector<std::string>> secure_unsecured_partitions(db::Session& s);

}  // namespace crest::modules::audit
