#pragma once
// The contracts of a chart (common/time_series.hpp): its query (from, to, bucket, groupBy) and the
// view it answers, named for the OpenAPI document and the contracts package.
#include <string>
#include <vector>

#include "core/schema/schema.hpp"

namespace crest::common {

// buckets and groups: the values `bucket` and `groupBy` take, the first of each the default.
schema::Schema chart_query(const std::vector<std::string>& buckets, const std::vector<std::string>& groups);
schema::Schema chart_view_schema(std::string name, const std::vector<std::string>& buckets,
                                 const std::vector<std::string>& groups);

}  // namespace crest::common
