#pragma once
// POST /api/v1/imports/contacts: a CSV upload (text/csv, at most 10 MB) streamed to storage,
// answered 202 with the job "imports.contacts" that `crest worker` runs: the header mapped to
// contact fields (import_columns.hpp), every row validated with the create schema, valid rows
// written in batches, each batch committed with its per-row errors and a checkpoint (a retried
// or resumed import never imports a row twice), progress {done, total}, and a result of
// {imported, failed, errors (the first 100), unknownColumns, errorsFile} with every error in a CSV.
#include "core/module.hpp"

namespace crest::modules::contacts {

void register_contacts_import(ModuleContext& ctx);

}  // namespace crest::modules::contacts
