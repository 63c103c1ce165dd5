// CLoomSys: thin C wrappers over epoll, accept4 and signalfd for LoomReactor.
#define _GNU_SOURCE
#include "CLoomSys.h"
#include <string.h>
#include <pthread.h>

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

int loom_signalfd_for_shutdown(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    if (pthread_sigmask(SIG_BLOCK, &mask, NULL) != 0) return -1;
    return signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

void loom_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}
