#include "testing/serve_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "testing/test_support.h"

extern char** environ;

namespace openwsus::testing {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

ChildProcess::~ChildProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
  }
}

bool ChildProcess::Start(const std::vector<std::string>& args, const std::string& stdout_path,
                         const std::string& stderr_path) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  exit_status_.reset();  // a ChildProcess may run one child after another
  int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) pid_ = -1;
  return error == 0;
}

bool ChildProcess::running() {
  if (pid_ <= 0 || exit_status_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) exit_status_ = status;
  return !exit_status_;
}

void ChildProcess::Signal(int signal) { ::kill(pid_, signal); }

std::optional<int> ChildProcess::WaitForExit(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (running() && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(20));
  if (!exit_status_ || !WIFEXITED(*exit_status_)) return std::nullopt;
  return WEXITSTATUS(*exit_status_);
}

::testing::AssertionResult ServeProcess::Start(const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = {binary_, "--data-dir", data_dir_, "serve", "--bind", "127.0.0.1"};
  // A free port unless the caller names one (to restart a server where clients know it).
  if (std::find(extra_args.begin(), extra_args.end(), "--http-port") == extra_args.end()) {
    args.insert(args.end(), {"--http-port", "0"});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  ++runs_;
  if (!child_.Start(args, stdout_path(), stderr_path())) {
    return ::testing::AssertionFailure() << "cannot start " << binary_;
  }
  std::string ports_path = data_dir_ + "/ports.json";
  auto deadline = Clock::now() + kServeStartTimeout;
  while (Clock::now() < deadline) {
    if (!child_.running()) {
      return ::testing::AssertionFailure() << "serve exited early; stderr:\n" << Stderr();
    }
    if (fs::exists(ports_path)) {
      nlohmann::json ports = nlohmann::json::parse(ReadFileOrDie(ports_path));
      http_port_ = ports.at("http_port").get<int>();
      if (!ports.at("https_port").is_null()) https_port_ = ports.at("https_port").get<int>();
      return ::testing::AssertionSuccess();
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  return ::testing::AssertionFailure() << "no ports.json after 60 s; stderr:\n" << Stderr();
}

std::string ServeProcess::Stdout() const { return fs::exists(stdout_path()) ? ReadFileOrDie(stdout_path()) : ""; }
std::string ServeProcess::Stderr() const { return fs::exists(stderr_path()) ? ReadFileOrDie(stderr_path()) : ""; }

std::string ServeProcess::OutputPath(const char* extension) const {
  fs::path data(data_dir_);
  return (data.parent_path() / (data.filename().string() + "-serve-" + std::to_string(runs_) + extension)).string();
}

}  // namespace openwsus::testing
