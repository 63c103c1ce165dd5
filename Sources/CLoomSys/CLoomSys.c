// CLoomSys: thin C wrappers over epoll, accept4 and signalfd for LoomReactor.
#define _GNU_SOURCE
#include "CLoomSys.h"
#include <string.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int loom_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    memset(&event, 0, sizeof(event));
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event);
}

int loom_epoll_wait(int epfd, loom_epoll_event *events, int max_events, int timeout_ms) {
    struct epoll_event raw[256];
    if (max_events > 256) max_events = 256;
    int count = epoll_wait(epfd, raw, max_events, timeout_ms);
    for (int i = 0; i < count; i++) {
        events[i].events = raw[i].events;
        events[i].data = raw[i].data.u64;
    }
    return count;
}

int loom_accept_nonblocking(int listen_fd, struct sockaddr_storage *address, socklen_t *length) {
    return accept4(listen_fd, (struct sockaddr *)address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

static int loom_shutdown_write_fd = -1;

static void loom_shutdown_handler(int signal_number) {
    unsigned char byte = (unsigned char)signal_number;
    int saved = errno;
    /* write(2) is async-signal-safe; a full pipe just drops the extra notification. */
    ssize_t ignored = write(loom_shutdown_write_fd, &byte, 1);
    (void)ignored;
    errno = saved;
}

int loom_shutdown_pipe_install(void) {
    int fds[2];
    if (loom_shutdown_write_fd >= 0) return -1;
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return -1;
    loom_shutdown_write_fd = fds[1];
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = loom_shutdown_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(SIGTERM, &action, NULL) != 0 || sigaction(SIGINT, &action, NULL) != 0) return -1;
    return fds[0];
}

void loom_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}

void loom_set_thread_name(const char *name) {
    char truncated[16];
    strncpy(truncated, name, sizeof(truncated) - 1);
    truncated[sizeof(truncated) - 1] = 0;
    pthread_setname_np(pthread_self(), truncated);
}
