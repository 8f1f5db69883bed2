#pragma once
// Database failures as typed errors: constraint violations become the HTTP errors SPEC.md asks
// for; anything else stays a DatabaseError (500, detail in the log only).
#include <stdexcept>
#include <string>

#include "core/errors.hpp"

namespace crest::db {

// Unique violation -> 409 naming the field when it can ("email").
class UniqueViolation : public Conflict {
 public:
  explicit UniqueViolation(std::string field);
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

// Foreign key violation -> 400.
class ForeignKeyViolation : public BadRequest {
 public:
  ForeignKeyViolation() : BadRequest("A referenced record does not exist") {}
};

// NOT NULL / CHECK violation -> 400.
class ConstraintViolation : public BadRequest {
 public:
  ConstraintViolation() : BadRequest("The data breaks a database constraint") {}
};

// A value the database cannot hold for its column: text it cannot represent, a string too long,
// a number out of range (PostgreSQL's class 22, SQLite's TOOBIG and MISMATCH) -> 400. The
// client sent it; validation should have caught it first.
class InvalidValue : public BadRequest {
 public:
  InvalidValue() : BadRequest("A value is out of range or not valid for its field") {}
};

// No connection could be had in time, or the server is down -> 503.
class DatabaseUnavailable : public ServiceUnavailable {
 public:
  explicit DatabaseUnavailable(std::string message) : ServiceUnavailable(std::move(message)) {}
};

// Serialization failure or deadlock: the transaction helper retries these.
class TransactionConflict : public ServiceUnavailable {
 public:
  TransactionConflict() : ServiceUnavailable("The database was busy with a conflicting change; retry") {}
};

// Everything else: a 500 whose detail (SQL state, message) goes to the log only.
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "workspace_id, email" / "users.email" / "(workspace_id, lower(email))" -> "email"
std::string unique_field_from_columns(std::string columns);

}  // namespace crest::db
