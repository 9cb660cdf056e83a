// DroppingProxy: a unix-socket proxy in front of the test server that can lose a connection at
// COMMIT, for fault-injection tests of the commit path, and counts round trips (no mock: a real
// server behind it).
#pragma once

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "strata/core/url.hpp"

namespace strata::testing_support {

/// Forwards PostgreSQL connections from its own unix socket to the server of a URL. Armed with
/// drop_at_commit(), it reads the server's messages one by one and, at the first CommandComplete
/// "COMMIT", closes both sides without forwarding it: the server has committed, the client
/// never hears so. refuse_after_drop() makes it refuse every connection after that drop (the
/// server unreachable). Thread-safety: the public members are thread-safe.
class DroppingProxy {
public:
    explicit DroppingProxy(const std::string& server_url)
        : server_(DatabaseUrl::parse(server_url, "server URL")) {
        char tmpl[] = "/tmp/strata_proxy_XXXXXX";
        if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir_ = tmpl;
        std::filesystem::permissions(dir_, std::filesystem::perms::all);
        listener_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const std::string path = dir_ + "/.s.PGSQL." + std::to_string(kPort);
        std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listener_, 16) != 0) {
            throw std::runtime_error("cannot listen on " + path);
        }
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~DroppingProxy() {
        stop_ = true;
        acceptor_.join();
        {
            std::lock_guard lock(mutex_);
            for (auto& t : pipes_) t.join();
        }
        ::close(listener_);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    DroppingProxy(const DroppingProxy&) = delete;
    DroppingProxy& operator=(const DroppingProxy&) = delete;

    /// server_url with its host and port replaced by this proxy's socket.
    [[nodiscard]] std::string url() const {
        DatabaseUrl u = server_;
        if (u.option("host")) u.set_option("host", dir_);
        u.set_host(dir_);
        u.set_port(kPort);
        return u.to_string(DatabaseUrl::Password::reveal);
    }
    /// The next COMMIT reply from the server is swallowed and that connection closed.
    void drop_at_commit() { armed_ = true; }
    /// After the drop, new connections are closed at once.
    void refuse_after_drop() { refuse_after_drop_ = true; }
    /// Connections dropped at COMMIT so far.
    [[nodiscard]] int drops() const { return drops_; }
    /// ReadyForQuery messages the server has sent so far, on every connection: one per Sync or
    /// simple query, so the difference over a piece of work is its number of round trips.
    [[nodiscard]] int round_trips() const { return ready_; }
    /// CommandComplete messages whose tag starts with tag (e.g. "BEGIN"), on every connection.
    [[nodiscard]] int completed(const std::string& tag) const {
        std::lock_guard lock(tags_mutex_);
        int n = 0;
        for (const auto& t : tags_) n += t.starts_with(tag) ? 1 : 0;
        return n;
    }

    /// Messages of type (e.g. 'Q' simple query, 'P' Parse) the clients have sent so far, on
    /// every connection (each connection's untyped startup message excluded).
    [[nodiscard]] int sent(char type) const {
        std::lock_guard lock(tags_mutex_);
        return static_cast<int>(std::count(sent_.begin(), sent_.end(), type));
    }

private:
    static constexpr int kPort = 5999;

    int connect_upstream() const {
        const UrlHost host = server_.hosts().empty() ? UrlHost{} : server_.hosts().front();
        std::string h = host.host.empty() ? server_.option("host").value_or("/tmp") : host.host;
        const int port = host.port.value_or(5432);
        if (h.starts_with('/')) {
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un addr{};
            addr.sun_family = AF_UNIX;
            const std::string path = h + "/.s.PGSQL." + std::to_string(port);
            std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
                ::close(fd);
                return -1;
            }
            return fd;
        }
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (::getaddrinfo(h.c_str(), std::to_string(port).c_str(), &hints, &res) != 0) return -1;
        int fd = -1;
        for (auto* a = res; a != nullptr && fd < 0; a = a->ai_next) {
            fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
                ::close(fd);
                fd = -1;
            }
        }
        ::freeaddrinfo(res);
        return fd;
    }

    void accept_loop() {
        while (!stop_) {
            pollfd p{listener_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            const int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) continue;
            if (refuse_after_drop_ && drops_ > 0) {
                ::close(client);
                continue;
            }
            std::lock_guard lock(mutex_);
            pipes_.emplace_back([this, client] { pipe(client); });
        }
    }

    static bool write_all(int fd, const char* data, std::size_t n) {
        while (n > 0) {
            const auto w = ::send(fd, data, n, MSG_NOSIGNAL);
            if (w <= 0) return false;
            data += w;
            n -= static_cast<std::size_t>(w);
        }
        return true;
    }

    /// Records the type of each whole message in from_client and erases it (the first, when
    /// !started, is the startup message: a length and no type).
    void count_client_messages(std::string& from_client, bool& started) {
        std::size_t at = 0;
        while (from_client.size() - at >= (started ? 5u : 4u)) {
            std::uint32_t len = 0;
            std::memcpy(&len, from_client.data() + at + (started ? 1 : 0), 4);
            len = ntohl(len);
            const std::size_t whole = (started ? 1u : 0u) + std::size_t{len};
            if (from_client.size() - at < whole) break;
            if (started) {
                std::lock_guard lock(tags_mutex_);
                sent_.push_back(from_client[at]);
            }
            started = true;
            at += whole;
        }
        from_client.erase(0, at);
    }

    /// One client: bytes to the server as they come; the server's messages parsed and forwarded
    /// whole, unless this is the armed COMMIT reply.
    void pipe(int client) {
        const int server = connect_upstream();
        std::string from_server, from_client;
        bool started = false;  // the client's startup message (no type byte) went through
        char buf[65536];
        bool open = server >= 0;
        while (open && !stop_) {
            pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
            if (::poll(p, 2, 20) <= 0) continue;
            if (p[0].revents != 0) {
                const auto n = ::recv(client, buf, sizeof buf, 0);
                open = n > 0 && write_all(server, buf, static_cast<std::size_t>(n));
                if (open) from_client.append(buf, static_cast<std::size_t>(n));
                count_client_messages(from_client, started);
            }
            if (open && p[1].revents != 0) {
                const auto n = ::recv(server, buf, sizeof buf, 0);
                if (n <= 0) break;
                from_server.append(buf, static_cast<std::size_t>(n));
                std::size_t at = 0;
                while (open && from_server.size() - at >= 5) {
                    std::uint32_t len = 0;
                    std::memcpy(&len, from_server.data() + at + 1, 4);
                    len = ntohl(len);
                    if (from_server.size() - at < 1 + std::size_t{len}) break;
                    const char type = from_server[at];
                    if (type == 'Z') ++ready_;
                    if (type == 'C') {
                        std::lock_guard lock(tags_mutex_);
                        tags_.emplace_back(from_server.c_str() + at + 5);
                    }
                    const bool commit_reply =
                        type == 'C' && from_server.compare(at + 5, 6, "COMMIT") == 0;
                    if (commit_reply && armed_.exchange(false)) {
                        ++drops_;
                        open = false;  // swallow it: the client never learns the outcome
                        break;
                    }
                    open = write_all(client, from_server.data() + at, 1 + std::size_t{len});
                    at += 1 + std::size_t{len};
                }
                from_server.erase(0, at);
            }
        }
        ::close(client);
        if (server >= 0) ::close(server);
    }

    DatabaseUrl server_;
    std::string dir_;
    int listener_ = -1;
    std::atomic<bool> stop_{false};
    std::atomic<bool> armed_{false};
    std::atomic<bool> refuse_after_drop_{false};
    std::atomic<int> drops_{0};
    std::atomic<int> ready_{0};
    mutable std::mutex tags_mutex_;
    std::vector<std::string> tags_;
    std::vector<char> sent_;
    std::mutex mutex_;
    std::vector<std::thread> pipes_;
    std::thread acceptor_;
};

}  // namespace strata::testing_support
