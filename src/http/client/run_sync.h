// RunSync: runs one coroutine on an io_context until it is done and returns
// its value, for callers that are not coroutines themselves (tests, the
// CLI). Everything else the coroutine started on `io` runs meanwhile.
#ifndef OPENWSUS_HTTP_CLIENT_RUN_SYNC_H_
#define OPENWSUS_HTTP_CLIENT_RUN_SYNC_H_

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <utility>

namespace openwsus::http {

template <typename T>
T RunSync(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  // Through a void coroutine: T (a Result) need not be default-constructible.
  auto run = [&result](boost::asio::awaitable<T> t) -> boost::asio::awaitable<void> {
    result.emplace(co_await std::move(t));
  };
  boost::asio::co_spawn(io, run(std::move(task)), [&error](std::exception_ptr e) { error = e; });
  io.restart();
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

}  // namespace openwsus::http

#endif  // OPENWSUS_HTTP_CLIENT_RUN_SYNC_H_
