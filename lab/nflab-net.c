/*
 * lab/nflab-net.c - the lab's one network client and its two small servers.
 *
 * Built statically by lab/setup.sh and used unchanged by every client of a scenario
 * (the peer, the LAN host, the Docker host and the containers: it is also in the
 * `web` image as /bin/nflab-net), so every client sends exactly the same packets.
 * See lab/SCENARIOS.md for what each command puts on the wire.
 *
 *   nflab-net http [-s SRC] URL          GET URL (http://IPv4[:PORT][/PATH]), print the body
 *   nflab-net tcp  [-s SRC] IP PORT      connect, send "nflab\n", close, print what came back
 *   nflab-net udp  [-s SRC] IP PORT TEXT send one datagram TEXT, wait 1 s for one reply
 *   nflab-net tcp-sink PORT              server: accept, read until EOF, close (forever)
 *   nflab-net udp-echo PORT              server: send every datagram back (forever)
 *   nflab-net init CMD [ARG]...          the image's entrypoint: run CMD, exit with it, and
 *                                        exit at once on SIGTERM/SIGINT (so `docker stop`
 *                                        does not wait 10 s for a PID 1 that ignores them)
 *
 * Timeouts: TCP connect 2 s (a dropped SYN is sent twice: at 0 s and, retransmitted,
 * at 1 s), TCP read 2 s, UDP reply 1 s.  Exit status: 0 done, 1 connection failed
 * (refused, timed out, ICMP error), 2 no UDP reply, 64 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_MS 2000
#define READ_MS 2000
#define UDP_MS 1000

static const char *prog = "nflab-net";

static void usage(void)
{
    fprintf(stderr,
            "usage: nflab-net http [-s SRC] http://IP[:PORT][/PATH]\n"
            "       nflab-net tcp  [-s SRC] IP PORT\n"
            "       nflab-net udp  [-s SRC] IP PORT TEXT\n"
            "       nflab-net tcp-sink PORT | udp-echo PORT\n");
    exit(64);
}

static int parse_port(const char *s)
{
    char *end;
    long p = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || p < 1 || p > 65535) {
        fprintf(stderr, "%s: bad port '%s'\n", prog, s);
        exit(64);
    }
    return (int)p;
}

static void make_addr(struct sockaddr_in *sa, const char *ip, int port)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1) {
        fprintf(stderr, "%s: bad IPv4 address '%s'\n", prog, ip);
        exit(64);
    }
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int new_socket(int type, const char *src)
{
    int s = socket(AF_INET, type, 0);
    if (s < 0) {
        perror("socket");
        exit(1);
    }
    if (src) {
        struct sockaddr_in sa;
        make_addr(&sa, src, 1);
        sa.sin_port = 0;
        if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
            fprintf(stderr, "%s: bind %s: %s\n", prog, src, strerror(errno));
            exit(1);
        }
    }
    return s;
}

/* connect with a timeout; returns the connected (blocking) socket or exits 1 */
static int tcp_connect(const char *src, const char *ip, int port)
{
    struct sockaddr_in sa;
    make_addr(&sa, ip, port);
    int s = new_socket(SOCK_STREAM, src);
    int fl = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, fl | O_NONBLOCK);
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
        if (errno != EINPROGRESS) {
            fprintf(stderr, "%s: connect %s:%d: %s\n", prog, ip, port, strerror(errno));
            exit(1);
        }
        struct pollfd pfd = {.fd = s, .events = POLLOUT};
        int n = poll(&pfd, 1, CONNECT_MS);
        if (n == 0) {
            fprintf(stderr, "%s: connect %s:%d: timed out\n", prog, ip, port);
            exit(1);
        }
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
        if (n < 0 || err) {
            fprintf(stderr, "%s: connect %s:%d: %s\n", prog, ip, port, strerror(n < 0 ? errno : err));
            exit(1);
        }
    }
    fcntl(s, F_SETFL, fl);
    return s;
}

static void write_all(int s, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(s, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "%s: write: %s\n", prog, strerror(errno));
            exit(1);
        }
        buf += n;
        len -= (size_t)n;
    }
}

/* read until EOF or READ_MS in total; returns 0 at EOF, 1 on timeout or error */
static int read_all(int s, char *buf, size_t cap, size_t *len)
{
    long end = now_ms() + READ_MS;
    *len = 0;
    for (;;) {
        long left = end - now_ms();
        if (left <= 0)
            return 1;
        struct pollfd pfd = {.fd = s, .events = POLLIN};
        int n = poll(&pfd, 1, (int)left);
        if (n == 0)
            return 1;
        if (n < 0 && errno == EINTR)
            continue;
        char tmp[4096];
        ssize_t r = read(s, tmp, sizeof tmp);
        if (r == 0)
            return 0;
        if (r < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "%s: read: %s\n", prog, strerror(errno));
            return 1;
        }
        size_t take = (size_t)r;
        if (take > cap - *len)
            take = cap - *len;
        memcpy(buf + *len, tmp, take);
        *len += take;
    }
}

static int cmd_http(const char *src, const char *url)
{
    static char buf[1 << 20];
    char host[64], path[512] = "/", ip[64];
    int port = 80;
    if (strncmp(url, "http://", 7) != 0) {
        fprintf(stderr, "%s: URL must start with http://\n", prog);
        exit(64);
    }
    const char *h = url + 7, *slash = strchr(h, '/');
    size_t hl = slash ? (size_t)(slash - h) : strlen(h);
    if (hl == 0 || hl >= sizeof host) {
        fprintf(stderr, "%s: bad URL '%s'\n", prog, url);
        exit(64);
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    if (slash) {
        if (strlen(slash) >= sizeof path) {
            fprintf(stderr, "%s: path too long\n", prog);
            exit(64);
        }
        strcpy(path, slash);
    }
    strcpy(ip, "");
    char *colon = strchr(host, ':');
    if (colon) {
        port = parse_port(colon + 1);
        size_t il = (size_t)(colon - host);
        if (il >= sizeof ip) {
            fprintf(stderr, "%s: bad URL '%s'\n", prog, url);
            exit(64);
        }
        memcpy(ip, host, il);
        ip[il] = '\0';
    } else {
        snprintf(ip, sizeof ip, "%s", host);
    }
    int s = tcp_connect(src, ip, port);
    char req[700];
    int rl = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, host);
    write_all(s, req, (size_t)rl);
    size_t len;
    int rc = read_all(s, buf, sizeof buf, &len);
    close(s);
    char *body = memmem(buf, len, "\r\n\r\n", 4);
    if (rc != 0 || body == NULL || len < 12 || memcmp(buf, "HTTP/1.", 7) != 0) {
        fprintf(stderr, "%s: no complete HTTP response from %s\n", prog, url);
        return 1;
    }
    body += 4;
    fwrite(body, 1, (size_t)(buf + len - body), stdout);
    return 0;
}

static int cmd_tcp(const char *src, const char *ip, int port)
{
    static char buf[65536];
    int s = tcp_connect(src, ip, port);
    write_all(s, "nflab\n", 6);
    shutdown(s, SHUT_WR);
    size_t len;
    read_all(s, buf, sizeof buf, &len);
    close(s);
    fwrite(buf, 1, len, stdout);
    return 0;
}

static int cmd_udp(const char *src, const char *ip, int port, const char *text)
{
    struct sockaddr_in sa;
    make_addr(&sa, ip, port);
    int s = new_socket(SOCK_DGRAM, src);
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
        fprintf(stderr, "%s: udp %s:%d: %s\n", prog, ip, port, strerror(errno));
        return 1;
    }
    if (send(s, text, strlen(text), 0) < 0) {
        fprintf(stderr, "%s: udp send: %s\n", prog, strerror(errno));
        return 1;
    }
    struct pollfd pfd = {.fd = s, .events = POLLIN};
    int n = poll(&pfd, 1, UDP_MS);
    if (n <= 0) {
        fprintf(stderr, "%s: udp %s:%d: no reply\n", prog, ip, port);
        close(s);
        return 2;
    }
    char buf[65536];
    ssize_t r = recv(s, buf, sizeof buf, 0);
    close(s);
    if (r < 0) {
        fprintf(stderr, "%s: udp %s:%d: %s\n", prog, ip, port, strerror(errno));
        return 1;
    }
    fwrite(buf, 1, (size_t)r, stdout);
    fputc('\n', stdout);
    return 0;
}

static int listen_on(int type, int port)
{
    struct sockaddr_in sa;
    make_addr(&sa, "0.0.0.0", port);
    int s = socket(AF_INET, type, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
        fprintf(stderr, "%s: bind port %d: %s\n", prog, port, strerror(errno));
        exit(1);
    }
    if (type == SOCK_STREAM && listen(s, 16) < 0) {
        perror("listen");
        exit(1);
    }
    return s;
}

__attribute__((noreturn)) static void cmd_tcp_sink(int port)
{
    int l = listen_on(SOCK_STREAM, port);
    for (;;) {
        int c = accept(l, NULL, NULL);
        if (c < 0)
            continue;
        char buf[4096];
        struct pollfd pfd = {.fd = c, .events = POLLIN};
        while (poll(&pfd, 1, 5000) > 0 && read(c, buf, sizeof buf) > 0)
            ;
        close(c);
    }
}

/* replies come from the address the datagram was sent to (IP_PKTINFO): the peer has two
 * addresses in one subnet, and a reply from the other one would not match the flow */
__attribute__((noreturn)) static void cmd_udp_echo(int port)
{
    int s = listen_on(SOCK_DGRAM, port), on = 1;
    setsockopt(s, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
    for (;;) {
        static char buf[65536];
        char cin[256], cout[CMSG_SPACE(sizeof(struct in_pktinfo))];
        struct sockaddr_in from;
        struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
        struct msghdr in = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
                            .msg_iovlen = 1, .msg_control = cin, .msg_controllen = sizeof cin};
        ssize_t r = recvmsg(s, &in, 0);
        if (r < 0)
            continue;
        iov.iov_len = (size_t)r;
        struct msghdr out = {.msg_name = &from, .msg_namelen = in.msg_namelen, .msg_iov = &iov,
                             .msg_iovlen = 1};
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&in); c; c = CMSG_NXTHDR(&in, c)) {
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                struct in_pktinfo got, pi;
                memcpy(&got, CMSG_DATA(c), sizeof got);
                memset(&pi, 0, sizeof pi);
                pi.ipi_spec_dst = got.ipi_addr;
                memset(cout, 0, sizeof cout);
                out.msg_control = cout;
                out.msg_controllen = sizeof cout;
                struct cmsghdr *o = CMSG_FIRSTHDR(&out);
                o->cmsg_level = IPPROTO_IP;
                o->cmsg_type = IP_PKTINFO;
                o->cmsg_len = CMSG_LEN(sizeof pi);
                memcpy(CMSG_DATA(o), &pi, sizeof pi);
            }
        }
        sendmsg(s, &out, 0);
    }
}

static void on_stop(int sig)
{
    _exit(128 + sig); /* PID 1 exits: the kernel ends every process of the container */
}

__attribute__((noreturn)) static void cmd_init(char **cmd)
{
    signal(SIGTERM, on_stop);
    signal(SIGINT, on_stop);
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        exit(1);
    }
    if (child == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        execvp(cmd[0], cmd);
        fprintf(stderr, "%s: exec %s: %s\n", prog, cmd[0], strerror(errno));
        _exit(127);
    }
    for (;;) {
        int st;
        pid_t p = wait(&st);
        if (p == child)
            exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
        if (p < 0 && errno == ECHILD)
            exit(0);
    }
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2)
        usage();
    if (strcmp(argv[1], "init") == 0 && argc > 2)
        cmd_init(argv + 2);
    const char *cmd = argv[1], *src = NULL;
    int i = 2;
    if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
        src = argv[i + 1];
        i += 2;
    }
    int rest = argc - i;
    char **a = argv + i;
    int rc;
    if (strcmp(cmd, "http") == 0 && rest == 1)
        rc = cmd_http(src, a[0]);
    else if (strcmp(cmd, "tcp") == 0 && rest == 2)
        rc = cmd_tcp(src, a[0], parse_port(a[1]));
    else if (strcmp(cmd, "udp") == 0 && rest == 3)
        rc = cmd_udp(src, a[0], parse_port(a[1]), a[2]);
    else if (strcmp(cmd, "tcp-sink") == 0 && rest == 1 && !src)
        cmd_tcp_sink(parse_port(a[0]));
    else if (strcmp(cmd, "udp-echo") == 0 && rest == 1 && !src)
        cmd_udp_echo(parse_port(a[0]));
    else
        usage();
    fflush(stdout);
    return rc;
}
