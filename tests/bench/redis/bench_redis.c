/* The Redis side of tests/bench/compare, and an fdatasync probe. A C client on hiredis, one
 * request at a time, each answered before the next, as the OpenVSM side's client does.
 *
 *   bench_redis ack SOCKET N            HSET + WAIT 1 0 (the replica has it) N times
 *   bench_redis set SOCKET N            HSET alone (answered after the primary's own fsync; the
 *                                       replica gets it later) N times
 *   bench_redis rmw SOCKET N KEYS       HGETALL + HSET of one of KEYS hashes, N times
 *   bench_redis rmw SOCKET N KEYS C     the same from C clients at once (a thread and a connection
 *                                       each, N requests in all, client i on hashes i, i+C, ...)
 *   bench_redis rmw SOCKET N KEYS C R   the same as an open load of R requests/s in all: request j
 *                                       (client j % C) is due j / R s after the start; one that came
 *                                       due while its client waited for the answer before counts
 *                                       its latency from then (as bench_reconnect --rate)
 *   bench_redis fill SOCKET FROM TO     hashes FROM..TO-1 (pipelined), like a session record
 *   bench_redis caughtup PRIMARY REPLICA TIMEOUT_MS [cont PID | since NS]
 *                                       polls until the replica's link is up, no sync runs and
 *                                       its offset equals the primary's; prints the ms taken
 *                                       from this program's start, or: cont PID, the replica
 *                                       stopped (SIGSTOP), connected first, then the clock
 *                                       starts as it sends SIGCONT; since NS, from that
 *                                       CLOCK_REALTIME time (`date +%s%N` before the replica was
 *                                       started). This program's start would miss a quick
 *                                       catch-up, and the replica's own start
 *   bench_redis fsync DIR N             write 4 KiB + fdatasync N times in DIR
 *   bench_redis wakeup N two|one [WORK_US]
 *                                       a byte's round trip between two processes over a socket
 *                                       pair N times, pinned to two CPUs (two) or both to one
 *                                       (one), the first this process may use: what waking the
 *                                       other side costs here. WORK_US: each side works (spins)
 *                                       that long between the byte's arrival and its next send,
 *                                       as a server and its client do; the round trip is
 *                                       reported without the answering side's work
 * Prints "RESULT req/s p50_ms p99_ms" (ack, set, rmw, fsync, wakeup) or "RESULT ms" (caughtup). */

#define _GNU_SOURCE
#include <hiredis/hiredis.h>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double nowMs(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(double *v, int n, double seconds)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    printf("RESULT %.1f %.3f %.3f\n", seconds > 0 ? n / seconds : 0.0, v[n / 2],
           v[(int)(0.99 * (n - 1) + 0.5)]);
}

/* The index-th CPU (0, 1) this process may run on, -1 when it may run on fewer. */
static int allowedCpu(int index)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set) && index-- == 0)
            return cpu;
    return -1;
}

/* Keeps this CPU busy for ms. */
static void spinMs(double ms)
{
    const double until = nowMs() + ms;
    while (nowMs() < until) { }
}

/* The calling process on that CPU alone. */
static void pinTo(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        perror("bench_redis: sched_setaffinity");
}

/* A byte's round trip between this process and a child over a socket pair, n times. On two CPUs
 * each side sleeps while the other answers, and each round trip wakes a CPU that went idle
 * (dear on some VMs, where an idle virtual CPU halts at once); on one CPU they take turns. Each
 * request of either benchmark side pays such wake-ups, so the two figures say how much of a
 * ratio is the machine's. */
static int wakeupProbe(int n, int oneCpu, double workMs)
{
    const int first = allowedCpu(0);
    const int second = oneCpu ? first : allowedCpu(1);
    if (first < 0 || second < 0) {
        fprintf(stderr, "bench_redis: wakeup: this process may not run on %s CPUs\n", oneCpu ? "any" : "two");
        return 1;
    }
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
        perror("bench_redis: socketpair");
        return 1;
    }
    const pid_t child = fork();
    if (child < 0) {
        perror("bench_redis: fork");
        return 1;
    }
    if (child == 0) {
        pinTo(second);
        close(pair[0]);
        char c;
        while (read(pair[1], &c, 1) == 1) { /* each byte back, until the parent closes its end */
            spinMs(workMs);
            if (write(pair[1], &c, 1) != 1)
                break;
        }
        _exit(0);
    }
    close(pair[1]);
    pinTo(first);
    double *v = calloc((size_t)n, sizeof *v);
    char c = 'x';
    const double start = nowMs();
    for (int i = 0; i < n; ++i) {
        const double t = nowMs();
        if (write(pair[0], &c, 1) != 1 || read(pair[0], &c, 1) != 1) {
            perror("bench_redis: wakeup probe");
            return 1;
        }
        v[i] = nowMs() - t - workMs;
        spinMs(workMs);
    }
    const double seconds = (nowMs() - start) / 1e3;
    close(pair[0]);
    waitpid(child, NULL, 0);
    report(v, n, seconds);
    free(v);
    return 0;
}

static redisContext *connectTo(const char *socket)
{
    redisContext *c = redisConnectUnix(socket);
    if (!c || c->err) {
        fprintf(stderr, "bench_redis: cannot connect to %s: %s\n", socket, c ? c->errstr : "out of memory");
        exit(1);
    }
    return c;
}

static redisReply *must(redisContext *c, redisReply *r, const char *what)
{
    if (!r || r->type == REDIS_REPLY_ERROR) {
        fprintf(stderr, "bench_redis: %s failed: %s\n", what, r ? r->str : c->errstr);
        exit(1);
    }
    return r;
}

/* Hash k's key: "session:" and an id of a UUID's length, as the broker's session ids are (the OpenVSM
 * side's records have such ids since 7 December 2026; until then both sides' keys were short). */
#define SESSION_KEY "session:%08x-0000-7000-8000-000000000000"

#define HSET_RECORD                                                                                          \
    "HSET " SESSION_KEY " user user%d uid %d agent agent%d agent_hostname 10.0.0.%d display %d vnc_port %d " \
    "last_connection %d geometry 1920x1080"

static long infoField(redisContext *c, const char *field)
{
    redisReply *r = must(c, redisCommand(c, "INFO replication"), "INFO");
    long value = -1;
    const char *p = strstr(r->str, field);
    if (p) {
        p += strlen(field);
        if (strncmp(p, "up", 2) == 0)
            value = 1;
        else if (strncmp(p, "down", 4) == 0)
            value = 0;
        else
            value = atol(p);
    }
    freeReplyObject(r);
    return value;
}

/* One HGETALL + HSET of hash k, its latency in *ms: from t (when it was due), or from now when t < 0. */
static void rmwOnce(redisContext *c, int k, int i, double *ms, double t)
{
    if (t < 0)
        t = nowMs();
    redisReply *r = must(c, redisCommand(c, "HGETALL " SESSION_KEY, k), "HGETALL");
    if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) {
        fprintf(stderr, "bench_redis: hash %d is missing\n", k);
        exit(1);
    }
    freeReplyObject(r);
    freeReplyObject(must(c, redisCommand(c, "HSET " SESSION_KEY " last_connection %d", k, i), "HSET"));
    *ms = nowMs() - t;
}

struct Client {
    const char *socket;
    int index, clients, keys, n;
    double *v; /* n latencies */
    pthread_barrier_t *ready;
    double rate; /* requests/s of all clients together; 0: each request when the last was answered */
    const double *start; /* nowMs() at the start, set once all are ready */
};

static void *runClient(void *arg)
{
    struct Client *cl = arg;
    redisContext *c = connectTo(cl->socket);
    pthread_barrier_wait(cl->ready);
    pthread_barrier_wait(cl->ready); /* *start is set */
    for (int i = 0; i < cl->n; ++i) {
        const int j = cl->index + i * cl->clients;
        double from = -1; /* from when it is sent */
        if (cl->rate > 0) {
            const double due = *cl->start + j * 1e3 / cl->rate;
            const double wait = due - nowMs();
            if (wait > 0)
                usleep((useconds_t)(wait * 1e3)); /* its oversleep is this client's, not Redis's */
            else
                from = due; /* held back by the answer before: from when it was due */
        }
        rmwOnce(c, j % cl->keys, i, &cl->v[i], from);
    }
    redisFree(c);
    return NULL;
}

/* rmw from `clients` connections at once, n requests in all (at rate, unless 0); every client
 * connects first. */
static int rmwConcurrent(const char *socket, int n, int keys, int clients, double rate)
{
    double start = 0;
    double *v = calloc((size_t)n, sizeof *v);
    struct Client *cl = calloc((size_t)clients, sizeof *cl);
    pthread_t *threads = calloc((size_t)clients, sizeof *threads);
    pthread_barrier_t ready;
    pthread_barrier_init(&ready, NULL, (unsigned)clients + 1);
    int offset = 0;
    for (int i = 0; i < clients; ++i) {
        const int share = n / clients + (i < n % clients);
        cl[i] = (struct Client) { socket, i, clients, keys, share, v + offset, &ready, rate, &start };
        offset += share;
        pthread_create(&threads[i], NULL, runClient, &cl[i]);
    }
    pthread_barrier_wait(&ready);
    start = nowMs();
    pthread_barrier_wait(&ready);
    for (int i = 0; i < clients; ++i)
        pthread_join(threads[i], NULL);
    report(v, n, (nowMs() - start) / 1e3);
    return 0;
}

int main(int argc, char **argv)
{
    const int wait = argc >= 4 && strcmp(argv[1], "ack") == 0;
    if (wait || (argc >= 4 && strcmp(argv[1], "set") == 0)) {
        redisContext *c = connectTo(argv[2]);
        const int n = atoi(argv[3]);
        double *v = calloc((size_t)n, sizeof *v);
        const double start = nowMs();
        for (int i = 0; i < n; ++i) {
            const double t = nowMs();
            freeReplyObject(must(c, redisCommand(c, HSET_RECORD, i, i, i, i % 8, i % 8, i, i, i), "HSET"));
            if (wait) {
                redisReply *w = must(c, redisCommand(c, "WAIT 1 0"), "WAIT");
                if (w->type != REDIS_REPLY_INTEGER || w->integer < 1) {
                    fprintf(stderr, "bench_redis: WAIT answered without the replica\n");
                    return 1;
                }
                freeReplyObject(w);
            }
            v[i] = nowMs() - t;
        }
        report(v, n, (nowMs() - start) / 1e3);
        return 0;
    }
    if (argc >= 6 && strcmp(argv[1], "rmw") == 0)
        return rmwConcurrent(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]),
                             argc >= 7 ? atof(argv[6]) : 0);
    if (argc >= 5 && strcmp(argv[1], "rmw") == 0) {
        redisContext *c = connectTo(argv[2]);
        const int n = atoi(argv[3]), keys = atoi(argv[4]);
        double *v = calloc((size_t)n, sizeof *v);
        const double start = nowMs();
        for (int i = 0; i < n; ++i)
            rmwOnce(c, (int)((unsigned)i * 2654435761u % (unsigned)keys), i, &v[i], -1);
        report(v, n, (nowMs() - start) / 1e3);
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "fill") == 0) {
        redisContext *c = connectTo(argv[2]);
        const int from = atoi(argv[3]), to = atoi(argv[4]);
        for (int i = from; i < to; i += 1000) {
            const int end = i + 1000 < to ? i + 1000 : to;
            for (int k = i; k < end; ++k)
                redisAppendCommand(c, HSET_RECORD, k, k, k, k % 8, k % 8, k, k, k);
            for (int k = i; k < end; ++k) {
                void *r = NULL;
                if (redisGetReply(c, &r) != REDIS_OK) {
                    fprintf(stderr, "bench_redis: fill: %s\n", c->errstr);
                    return 1;
                }
                freeReplyObject(r);
            }
        }
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "caughtup") == 0) {
        double start = nowMs();
        const double timeout = atof(argv[4]);
        redisContext *p = connectTo(argv[2]);
        redisContext *r = NULL;
        if (argc >= 7 && strcmp(argv[5], "cont") == 0) {
            /* A stopped server's socket still takes the connection (the kernel queues it). */
            r = connectTo(argv[3]);
            start = nowMs();
            if (kill((pid_t)atol(argv[6]), SIGCONT) != 0) {
                perror("bench_redis: SIGCONT");
                return 1;
            }
        } else if (argc >= 7 && strcmp(argv[5], "since") == 0) {
            struct timespec t;
            clock_gettime(CLOCK_REALTIME, &t);
            const double ago = ((double)t.tv_sec * 1e9 + (double)t.tv_nsec - atof(argv[6])) / 1e6;
            start = nowMs() - ago;
        }
        while (nowMs() - start < timeout) {
            if (!r) {
                r = redisConnectUnix(argv[3]);
                if (!r || r->err) {
                    if (r)
                        redisFree(r);
                    r = NULL;
                    usleep(1000);
                    continue;
                }
            }
            redisReply *loading = redisCommand(r, "PING");
            const int busy = !loading || loading->type == REDIS_REPLY_ERROR;
            if (loading)
                freeReplyObject(loading);
            if (!busy && infoField(r, "master_link_status:") == 1
                && infoField(r, "master_sync_in_progress:") == 0
                && infoField(r, "slave_repl_offset:") == infoField(p, "master_repl_offset:")) {
                printf("RESULT %.1f\n", nowMs() - start);
                return 0;
            }
            usleep(1000);
        }
        fprintf(stderr, "bench_redis: the replica did not catch up within %s ms\n", argv[4]);
        return 1;
    }
    if (argc >= 4 && strcmp(argv[1], "fsync") == 0) {
        const int n = atoi(argv[3]);
        char path[4096];
        snprintf(path, sizeof path, "%s/fsync-probe", argv[2]);
        const int fd = openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) {
            perror(path);
            return 1;
        }
        static char block[4096];
        double *v = calloc((size_t)n, sizeof *v);
        const double start = nowMs();
        for (int i = 0; i < n; ++i) {
            const double t = nowMs();
            if (write(fd, block, sizeof block) != (ssize_t)sizeof block || fdatasync(fd) != 0) {
                perror(path);
                return 1;
            }
            v[i] = nowMs() - t;
        }
        close(fd);
        unlink(path);
        report(v, n, (nowMs() - start) / 1e3);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "wakeup") == 0 && atoi(argv[2]) > 0
        && (strcmp(argv[3], "two") == 0 || strcmp(argv[3], "one") == 0))
        return wakeupProbe(atoi(argv[2]), strcmp(argv[3], "one") == 0, argc >= 5 ? atof(argv[4]) / 1e3 : 0);
    fprintf(stderr,
            "usage: bench_redis ack SOCKET N | rmw SOCKET N KEYS [CLIENTS [RATE]] | fill SOCKET FROM TO |\n"
            "       caughtup PRIMARY REPLICA TIMEOUT_MS | fsync DIR N | wakeup N two|one [WORK_US]\n");
    return 2;
}
