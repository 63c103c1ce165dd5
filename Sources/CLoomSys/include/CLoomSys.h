// CLoomSys: Linux system calls for LoomReactor, with an unpacked epoll event type Swift can use safely.
#ifndef LOOM_CLOOMSYS_H
#define LOOM_CLOOMSYS_H

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>

/// One readiness event. Unlike `struct epoll_event` it is not packed, so Swift reads it directly.
typedef struct {
    uint32_t events;
    uint64_t data;
} loom_epoll_event;

/// epoll_ctl with the event built here; `data` comes back unchanged in loom_epoll_wait.
int loom_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);

/// epoll_wait into unpacked events; returns the count or -1 with errno set.
int loom_epoll_wait(int epfd, loom_epoll_event *events, int max_events, int timeout_ms);

/// accept4 that makes the new socket non-blocking and close-on-exec in the same call.
int loom_accept_nonblocking(int listen_fd, struct sockaddr_storage *address, socklen_t *length);

/// Installs SIGTERM and SIGINT handlers that write the signal number (one byte) to a non-blocking
/// pipe, and returns the pipe's read end, or -1. Works whichever thread the kernel picks.
int loom_shutdown_pipe_install(void);

/// Ignores SIGPIPE process-wide so writes to a closed peer fail with EPIPE instead of killing us.
void loom_ignore_sigpipe(void);

/// Names the calling thread (truncated to the kernel's 15 bytes), for top, perf and gdb.
void loom_set_thread_name(const char *name);

#endif
