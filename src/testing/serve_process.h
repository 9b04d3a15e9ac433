// Test support: child processes, and `openwsus serve` run as a user runs it
// (the real binary, a fresh data directory, a free port on 127.0.0.1). Every
// wait is bounded; a child still running on destruction is killed.
#ifndef OPENWSUS_TESTING_SERVE_PROCESS_H_
#define OPENWSUS_TESTING_SERVE_PROCESS_H_

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace openwsus::testing {

// The first start imports the demo catalog; leave room for a loaded machine.
inline constexpr auto kServeStartTimeout = std::chrono::seconds(60);

// A child process with stdout and stderr in files.
class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  bool Start(const std::vector<std::string>& args, const std::string& stdout_path, const std::string& stderr_path);
  bool running();
  void Signal(int signal);
  // The exit code, or nullopt if it did not exit (normally) within `timeout`.
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

// One `openwsus serve` on its own data directory.
class ServeProcess {
 public:
  ServeProcess(std::string binary, std::string data_dir) : binary_(std::move(binary)), data_dir_(std::move(data_dir)) {}

  // Starts the server and waits for ports.json. `extra_args` go after "serve";
  // the port is a free one unless they hold --http-port. May be called again
  // after the server exited, to restart it on the same data directory.
  ::testing::AssertionResult Start(const std::vector<std::string>& extra_args = {});

  ChildProcess& child() { return child_; }
  int http_port() const { return http_port_; }
  std::optional<int> https_port() const { return https_port_; }
  // Beside the data directory, which may not exist before the server runs.
  std::string stdout_path() const { return OutputPath(".out"); }
  std::string stderr_path() const { return OutputPath(".err"); }
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  std::string OutputPath(const char* extension) const;

  std::string binary_;
  std::string data_dir_;
  int runs_ = 0;
  ChildProcess child_;
  int http_port_ = 0;
  std::optional<int> https_port_;
};

}  // namespace openwsus::testing

#endif  // OPENWSUS_TESTING_SERVE_PROCESS_H_
