#include "core/queue/job.hpp"

#include <set>
#include <stdexcept>

namespace crest::queue {

JobDefinition& JobRegistry::define(std::string name) {
  if (jobs_.contains(name)) throw std::logic_error("job " + name + " is defined twice");
  auto definition = std::make_unique<JobDefinition>(name);
  auto& out = *definition;
  jobs_.emplace(std::move(name), std::move(definition));
  return out;
}

const JobDefinition* JobRegistry::find(std::string_view name) const {
  auto it = jobs_.find(name);
  return it == jobs_.end() ? nullptr : it->second.get();
}

std::vector<std::string> JobRegistry::queues() const {
  std::set<std::string> names;
  for (const auto& [name, job] : jobs_) names.insert(job->queue_name());
  return {names.begin(), names.end()};
}

}  // namespace crest::queue
