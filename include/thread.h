/* Threads: clone with the sharing flags (src/thread.c) and futexes
 * (src/futex.c). A thread is a struct process of its own (its tid is its
 * pid field, its registers, FS base, TLS slots, signal mask and pending
 * set are its own); what the group shares lives in the leader
 * (proc_group): the region map and brk, the fd table, the signal actions,
 * and one pml4 that every thread points to, freed once with the leader. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "uapi/linux_wait.h"

struct process;
struct sc_call;

/* The flags that make a thread: all of them or none (src/thread.c). */
#define THREAD_SHARE_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

/* CLONE_SETTLS's argument, read before anything is allocated. */
struct thread_tls {
    bool set, is64;
    uint64_t fs_base;  /* 64-bit: the FS base */
    int slot;          /* i386: the GDT TLS slot and its descriptor */
    uint64_t desc;
};
int thread_tls_parse(struct sc_call *c, uint32_t flags, uint64_t tls, struct thread_tls *t);
void thread_tls_apply(struct process *p, const struct thread_tls *t);
/* set_thread_area's user_desc at uaddr: its slot and descriptor
 * (allocate: entry_number -1 picks a free slot and is written back). */
int tls_desc_read(struct process *p, uint64_t uaddr, bool allocate, int *slot, uint64_t *desc);

/* What a fork child and a new thread share at their start: a fresh record
 * of calls, end and waits, fresh times, no
 * robust list, the clear/set tid addresses, the caller's CPU state and the
 * TLS asked for, the caller's frame returning 0 (on newsp, if given) through
 * fork_child_ret, then CLONE_PARENT_SETTID and the scheduler. Its pid/tid. */
int clone_start_child(struct process *ch, const struct sc_call *c, uint32_t flags, uint64_t newsp,
                      uint64_t ptid, uint64_t ctid, const struct thread_tls *tls);
int64_t thread_clone(struct sc_call *c, uint32_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                     uint64_t tls);
/* Which thread of g takes a signal sent to the process: the first one
 * that does not block it, else the leader (or any live thread). */
struct process *thread_signal_target(struct process *g, int sig);
/* set_tid_address / CLONE_CHILD_CLEARTID at a thread's end: 0 written
 * there and one waiter woken. */
void thread_clear_child_tid(struct process *p);

/* Wakes up to n waiters on the futex word at uaddr of p's address space
 * (the shared key when it is in MAP_SHARED memory): how many woke. */
int futex_wake(struct process *p, uint64_t uaddr, bool private, uint32_t bits, int n);
