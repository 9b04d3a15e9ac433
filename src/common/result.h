// Result<T>: a value or the Status that explains why there is none.
//
// Shaped like std::expected so that the move to C++23 is a rename. Accessing the
// value of a failed Result is a programmer error and aborts.
#ifndef OPENWSUS_COMMON_RESULT_H_
#define OPENWSUS_COMMON_RESULT_H_

#include <cstdlib>
#include <utility>
#include <variant>

#include "common/status.h"

namespace openwsus {

template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    // A Result built from an OK status would hold neither value nor error.
    if (std::get<Status>(data_).ok()) {
      data_ = Status::Internal("Result built from an OK status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(data_); }

  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }

  T& value() & {
    Check();
    return std::get<T>(data_);
  }
  const T& value() const& {
    Check();
    return std::get<T>(data_);
  }
  T&& value() && {
    Check();
    return std::get<T>(std::move(data_));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void Check() const {
    if (!ok()) std::abort();  // REQUIRES: ok()
  }

  std::variant<T, Status> data_;
};

}  // namespace openwsus

#define OW_CONCAT_INNER_(a, b) a##b
#define OW_CONCAT_(a, b) OW_CONCAT_INNER_(a, b)

// OW_ASSIGN_OR_RETURN(auto x, Foo()); declares x from Foo()'s value, or returns
// Foo()'s Status from the enclosing function.
#define OW_ASSIGN_OR_RETURN(lhs, expr) OW_ASSIGN_OR_RETURN_IMPL_(OW_CONCAT_(ow_result_, __LINE__), lhs, expr)
#define OW_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // OPENWSUS_COMMON_RESULT_H_
