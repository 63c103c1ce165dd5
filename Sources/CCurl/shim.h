// CCurl: libcurl for LoomHTTPClient, with typed wrappers for its variadic setopt/getinfo/multi calls,
// which Swift cannot call directly.
#ifndef LOOM_CCURL_SHIM_H
#define LOOM_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode loom_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode loom_curl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode loom_curl_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode loom_curl_easy_setopt_write_callback(CURL *handle,
        size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode loom_curl_easy_setopt_header_callback(CURL *handle,
        size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}
static inline CURLcode loom_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode loom_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLMcode loom_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}
static inline CURLMcode loom_curl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}
static inline CURLMcode loom_curl_multi_setopt_socket_callback(CURLM *multi,
        int (*callback)(CURL *, curl_socket_t, int, void *, void *)) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}
static inline CURLMcode loom_curl_multi_setopt_timer_callback(CURLM *multi,
        int (*callback)(CURLM *, long, void *)) {
    return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}
static inline CURLcode loom_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}
/* CURLMsg keeps the transfer's result in an anonymous union. */
static inline CURLcode loom_curl_msg_result(const CURLMsg *message) {
    return message->data.result;
}
/* CURL_SOCKET_TIMEOUT is a macro of a macro; give Swift a plain constant. */
static const curl_socket_t loom_curl_socket_timeout = CURL_SOCKET_TIMEOUT;
static inline curl_version_info_data *loom_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}
#endif
