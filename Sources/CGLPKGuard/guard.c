/* See CGLPKGuard.h. Every GLPK call that can raise glp_error goes through GUARDED(...). */
#include "CGLPKGuard.h"

#include <float.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ldg_problem {
    glp_prob *prob;
    unsigned long generation; /* the thread's environment generation it was made in */
};

/* Per-thread state: where to jump on glp_error, and the environment's generation. */
static _Thread_local jmp_buf *ldg_jump = NULL;
static _Thread_local unsigned long ldg_generation = 1;
static _Thread_local int ldg_verbose = 0;
static _Thread_local char ldg_message[1024];
static _Thread_local size_t ldg_message_len = 0;

static void ldg_error_hook(void *info) {
    (void)info;
    if (ldg_jump != NULL) {
        longjmp(*ldg_jump, 1);
    }
    /* No guard active: nothing safe to do but let GLPK abort. Never reached from Swift. */
}

/* Terminal hook: verbose output goes to stderr (never stdout); otherwise keep the last
   lines so that an error can be reported with GLPK's own words. */
static int ldg_term_hook(void *info, const char *s) {
    (void)info;
    if (ldg_verbose) {
        fputs(s, stderr);
    }
    size_t n = strlen(s);
    if (n >= sizeof ldg_message) {
        s += n - (sizeof ldg_message - 1);
        n = sizeof ldg_message - 1;
    }
    if (ldg_message_len + n >= sizeof ldg_message) {
        ldg_message_len = 0;
    }
    memcpy(ldg_message + ldg_message_len, s, n);
    ldg_message_len += n;
    ldg_message[ldg_message_len] = '\0';
    return 1; /* suppress GLPK's own printing to stdout */
}

static void ldg_prepare(int verbose) {
    ldg_verbose = verbose;
    ldg_message_len = 0;
    ldg_message[0] = '\0';
    glp_term_out(GLP_ON);
    glp_term_hook(ldg_term_hook, NULL);
}

/* After glp_error jumped back: restores the caller's jump target and frees the thread's
   environment, which invalidates every problem made in it. */
static void ldg_recover(jmp_buf *saved) {
    ldg_jump = saved;
    glp_free_env();
    ldg_generation += 1;
}

/* Runs BODY with the guard installed. On glp_error: frees the environment and returns
   LDG_EGLPK from the enclosing function. */
#define GUARDED(BODY)                                                    \
    do {                                                                 \
        jmp_buf ldg_env__;                                               \
        jmp_buf *ldg_saved__ = ldg_jump;                                 \
        if (setjmp(ldg_env__) != 0) {                                    \
            ldg_recover(ldg_saved__);                                    \
            return LDG_EGLPK;                                            \
        }                                                                \
        ldg_jump = &ldg_env__;                                           \
        glp_error_hook(ldg_error_hook, NULL);                            \
        BODY;                                                            \
        glp_error_hook(NULL, NULL);                                      \
        ldg_jump = ldg_saved__;                                          \
    } while (0)

static int ldg_alive(const ldg_problem *p) {
    return p != NULL && p->prob != NULL && p->generation == ldg_generation;
}

int ldg_build(const ldg_model *m, ldg_problem **out) {
    *out = NULL;
    ldg_prepare(0);
    ldg_problem *handle = malloc(sizeof *handle);
    if (handle == NULL) return LDG_EMEMORY;
    int *ia = malloc(sizeof(int) * (size_t)(m->nonzeros + 1));
    int *ja = malloc(sizeof(int) * (size_t)(m->nonzeros + 1));
    double *ar = malloc(sizeof(double) * (size_t)(m->nonzeros + 1));
    if (ia == NULL || ja == NULL || ar == NULL) {
        free(ia); free(ja); free(ar); free(handle);
        return LDG_EMEMORY;
    }
    for (int k = 0; k < m->nonzeros; k++) {
        ia[k + 1] = m->nz_row[k] + 1;
        ja[k + 1] = m->nz_col[k] + 1;
        ar[k + 1] = m->nz_val[k];
    }
    glp_prob *volatile prob = NULL;
    /* Freed on the error path too: a longjmp skips the frees below. */
    int *volatile via = ia;
    int *volatile vja = ja;
    double *volatile var = ar;
    ldg_problem *volatile vhandle = handle;
    jmp_buf env;
    jmp_buf *saved = ldg_jump;
    if (setjmp(env) != 0) {
        ldg_recover(saved);
        free(via); free(vja); free(var); free(vhandle);
        return LDG_EGLPK;
    }
    ldg_jump = &env;
    glp_error_hook(ldg_error_hook, NULL);

    prob = glp_create_prob();
    if (m->name) glp_set_prob_name(prob, m->name);
    glp_set_obj_dir(prob, m->maximize ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(prob, 0, m->obj_constant);
    if (m->rows > 0) glp_add_rows(prob, m->rows);
    if (m->cols > 0) glp_add_cols(prob, m->cols);
    for (int i = 0; i < m->rows; i++) {
        glp_set_row_bnds(prob, i + 1, m->row_type[i], m->row_lb[i], m->row_ub[i]);
        if (m->row_names) glp_set_row_name(prob, i + 1, m->row_names[i]);
    }
    for (int j = 0; j < m->cols; j++) {
        int kind = m->col_kind[j] == LDG_BINARY ? GLP_BV
                 : m->col_kind[j] == LDG_INTEGER ? GLP_IV : GLP_CV;
        glp_set_col_kind(prob, j + 1, kind);
        if (kind != GLP_BV) {
            glp_set_col_bnds(prob, j + 1, m->col_type[j], m->col_lb[j], m->col_ub[j]);
        } else if (m->col_type[j] == LDG_FIXED) {
            glp_set_col_bnds(prob, j + 1, GLP_FX, m->col_lb[j], m->col_ub[j]);
        }
        glp_set_obj_coef(prob, j + 1, m->obj[j]);
        if (m->col_names) glp_set_col_name(prob, j + 1, m->col_names[j]);
    }
    if (m->nonzeros > 0) glp_load_matrix(prob, m->nonzeros, ia, ja, ar);

    glp_error_hook(NULL, NULL);
    ldg_jump = saved;
    free(ia); free(ja); free(ar);
    handle->prob = prob;
    handle->generation = ldg_generation;
    *out = handle;
    return LDG_OK;
}

/* Milliseconds on a monotonic clock. */
static double ldg_now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

typedef struct {
    const ldg_params *params;
    ldg_result *result;
    int start_given;
    int nodes;
    /* The time limit covers the whole call (GLPK's own tm_lim restarts at the search tree and
       does not cover the root LP, nor pseudocost initialisation, which has no time check). */
    double started_ms;
    /* Columns (of the search tree's problem) whose pseudocosts GLPK has initialised. */
    unsigned char *seen;
    int seen_size;
    /* Measured cost of one pseudocost evaluation (ms); < 0 until measured. */
    double eval_ms;
    /* The parameters given to glp_intopt. GLPK's search tree keeps a pointer to them and reads
       tm_lim and fp_heur as it goes, so the callback can re-base the limit and skip the
       feasibility pump. (If a GLPK version copied them, these writes would change nothing and
       the callback's own stop would still hold.) */
    glp_iocp *iocp;
    /* Time from the start of the call to the first callback: presolve and the root LP (ms). */
    double root_ms;
    /* The problem's simplex iteration count when the call began. */
    int iterations_before;
} ldg_callback_state;

/* Times one evaluation like GLPK's pseudocost initialisation does it (a copy of the
   subproblem, one column fixed, at most 30 dual simplex iterations). */
static double ldg_time_eval(glp_prob *p, int j) {
    double t0 = ldg_now_ms();
    glp_prob *lp = glp_create_prob();
    glp_copy_prob(lp, p, GLP_OFF);
    double beta = floor(glp_get_col_prim(p, j));
    glp_set_col_bnds(lp, j, GLP_FX, beta, beta);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = GLP_DUAL;
    parm.it_lim = 30;
    glp_simplex(lp, &parm);
    glp_delete_prob(lp);
    return ldg_now_ms() - t0;
}

/* Before GLPK branches with pseudocosts: if initialising the pseudocosts of the new candidate
   columns (two evaluations each, with no time check inside GLPK) would overrun the time
   limit, branch on the most fractional column instead. Far from the limit GLPK decides alone,
   so the search (and the plan) does not depend on the machine's speed. */
static void ldg_budget_branch(glp_tree *tree, ldg_callback_state *state, double elapsed) {
    glp_prob *p = glp_ios_get_prob(tree);
    int n = glp_get_num_cols(p);
    if (state->seen_size < n + 1) {
        unsigned char *grown = realloc(state->seen, (size_t)n + 1);
        if (grown == NULL) return;
        memset(grown + state->seen_size, 0, (size_t)(n + 1 - state->seen_size));
        state->seen = grown;
        state->seen_size = n + 1;
    }
    int fresh = 0, first = 0;
    for (int j = 1; j <= n; j++) {
        if (glp_ios_can_branch(tree, j) && !state->seen[j]) {
            fresh += 1;
            if (first == 0) first = j;
        }
    }
    if (fresh == 0) return;
    if (state->eval_ms < 0) {
        state->eval_ms = ldg_time_eval(p, first);
        elapsed = ldg_now_ms() - state->started_ms;
    }
    double left = state->params->time_limit_ms - elapsed;
    if (2.0 * fresh * state->eval_ms < left) {
        for (int j = 1; j <= n; j++) {
            if (glp_ios_can_branch(tree, j)) state->seen[j] = 1;
        }
        return;
    }
    int best = 0, next = GLP_DN_BRNCH;
    double most = -1.0;
    for (int j = 1; j <= n; j++) {
        if (!glp_ios_can_branch(tree, j)) continue;
        double beta = glp_get_col_prim(p, j);
        double frac = beta - floor(beta);
        double distance = frac < 0.5 ? frac : 1.0 - frac;
        if (distance > most) {
            most = distance;
            best = j;
            next = frac < 0.5 ? GLP_DN_BRNCH : GLP_UP_BRNCH;
        }
    }
    if (best != 0) glp_ios_branch_upon(tree, best, next);
}

static void ldg_callback(glp_tree *tree, void *info) {
    ldg_callback_state *state = info;
    int reason = glp_ios_reason(tree);
    if (reason == GLP_IHEUR && state->params->start != NULL && !state->start_given) {
        glp_prob *p = glp_ios_get_prob(tree);
        int n = glp_get_num_cols(p);
        double *x = malloc(sizeof(double) * (size_t)(n + 1));
        if (x != NULL) {
            for (int j = 0; j < n; j++) x[j + 1] = state->params->start[j];
            glp_ios_heur_sol(tree, x);
            free(x);
        }
        state->start_given = 1;
    }
    if (reason == GLP_ISELECT && state->params->node_limit > 0 && ++state->nodes > state->params->node_limit) {
        glp_ios_terminate(tree);
    }
    if (state->params->time_limit_ms > 0) {
        double elapsed = ldg_now_ms() - state->started_ms;
        double left = state->params->time_limit_ms - elapsed;
        if (state->root_ms < 0) {
            /* The tree has just started and GLPK counts tm_lim from here: make it count to our
               deadline, which also bounds the feasibility pump (it checks tm_lim between LPs). */
            state->root_ms = elapsed;
            if (state->iocp != NULL) state->iocp->tm_lim = left < 1.0 ? 1 : (int)left;
        }
        if (left <= 0) {
            glp_ios_terminate(tree);
        } else if (reason == GLP_IHEUR && state->iocp != NULL && state->iocp->fp_heur == GLP_ON
                   && 2.0 * state->root_ms > left) {
            /* Each feasibility-pump LP costs about as much as the root LP and is not timed:
               with less than two of those left, skip the pump (the heuristic plan is the fallback). */
            state->iocp->fp_heur = GLP_OFF;
        } else if (reason == GLP_IBRANCH && !state->params->quick) {
            ldg_budget_branch(tree, state, elapsed);
        }
    }
    int node = glp_ios_best_node(tree);
    if (node != 0) {
        /* A node whose LP is not solved yet has the bound +/-DBL_MAX: no bound at all. */
        double bound = glp_ios_node_bound(tree, node);
        if (fabs(bound) < DBL_MAX) {
            state->result->has_bound = 1;
            state->result->bound = bound;
        }
    }
    if (state->params->progress != NULL && (reason == GLP_IBINGO || reason == GLP_ISELECT)) {
        glp_prob *p = glp_ios_get_prob(tree);
        int has_inc = glp_mip_status(p) == GLP_FEAS || glp_mip_status(p) == GLP_OPT;
        state->params->progress(state->params->progress_context, has_inc,
                                has_inc ? glp_mip_obj_val(p) : 0.0,
                                state->result->has_bound, state->result->bound);
    }
}

int ldg_solve_mip(ldg_problem *problem, const ldg_params *params, ldg_result *result) {
    if (!ldg_alive(problem)) return LDG_EGLPK;
    ldg_prepare(params->verbose);
    glp_prob *prob = problem->prob;
    result->has_bound = 0;
    result->has_incumbent = 0;
    result->iterations = 0;
    result->nodes = 0;
    ldg_callback_state state = { params, result, 0, 0, ldg_now_ms(), NULL, 0, -1.0, NULL, -1.0 };
    state.iterations_before = glp_get_it_cnt(prob);
    /* Freed on the error path too (a longjmp skips the free below). */
    ldg_callback_state *volatile vstate = &state;
    int ret = 0;
    jmp_buf env;
    jmp_buf *saved = ldg_jump;
    if (setjmp(env) != 0) {
        ldg_recover(saved);
        free(vstate->seen);
        return LDG_EGLPK;
    }
    ldg_jump = &env;
    glp_error_hook(ldg_error_hook, NULL);
    {
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = params->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
        parm.presolve = params->presolve ? GLP_ON : GLP_OFF;
        parm.mip_gap = params->mip_gap;
        if (params->tol_obj > 0) parm.tol_obj = params->tol_obj;
        parm.cb_func = ldg_callback;
        parm.cb_info = &state;
        state.iocp = &parm;
        parm.fp_heur = params->quick ? GLP_OFF : GLP_ON;
        /* A quick proof generates MIR cuts only: Gomory's mixed-integer cuts are dense and slow
           every node's LP, and covers and cliques seldom close its gap. On 50 generated
           community weeks (seeds 6-15, five families) proofs within 0.5 s went from 33 to 41
           and the total time from 78 s to 55 s; MIR alone beat MIR with covers and/or cliques
           (38-40) and no cuts at all (39). The full search keeps every family. */
        parm.mir_cuts = GLP_ON;
        parm.gmi_cuts = params->quick ? GLP_OFF : GLP_ON;
        parm.cov_cuts = (params->quick || params->no_cover_cuts) ? GLP_OFF : GLP_ON;
        parm.clq_cuts = params->quick ? GLP_OFF : GLP_ON;
        /* A quick proof branches without pseudocosts (their set-up costs two LPs per
           fractional column, more than a few nodes of a quick proof are worth). */
        parm.br_tech = params->quick ? GLP_BR_DTH : GLP_BR_PCH;
        parm.bt_tech = GLP_BT_BLB;
        if (!params->presolve) {
            glp_smcp sparm;
            glp_init_smcp(&sparm);
            sparm.msg_lev = params->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
            if (params->time_limit_ms > 0) sparm.tm_lim = params->time_limit_ms;
            int lp = glp_simplex(prob, &sparm);
            result->iterations = glp_get_it_cnt(prob) - state.iterations_before;
            if (lp != 0 || glp_get_status(prob) != GLP_OPT) {
                /* The root LP did not finish (time limit) or has no optimum: no search. */
                result->glp_return = lp == GLP_ETMLIM ? GLP_ETMLIM : GLP_EROOT;
                result->status = glp_get_status(prob) == GLP_NOFEAS ? GLP_NOFEAS : GLP_UNDEF;
                glp_error_hook(NULL, NULL);
                ldg_jump = saved;
                free(state.seen);
                return LDG_OK;
            }
        }
        if (params->time_limit_ms > 0) {
            /* What the root LP (above, or inside glp_intopt) left of the limit. */
            double left = params->time_limit_ms - (ldg_now_ms() - state.started_ms);
            parm.tm_lim = left < 1.0 ? 1 : (int)left;
        }
        ret = glp_intopt(prob, &parm);
        result->iterations = glp_get_it_cnt(prob) - state.iterations_before;
        result->nodes = state.nodes;
        result->glp_return = ret;
        result->status = glp_mip_status(prob);
        if (result->status == GLP_OPT || result->status == GLP_FEAS) {
            result->has_incumbent = 1;
            result->objective = glp_mip_obj_val(prob);
            if (result->values != NULL) {
                int n = glp_get_num_cols(prob);
                for (int j = 0; j < n; j++) result->values[j] = glp_mip_col_val(prob, j + 1);
            }
        }
    }
    glp_error_hook(NULL, NULL);
    ldg_jump = saved;
    free(state.seen);
    return LDG_OK;
}

int ldg_solve_lp(ldg_problem *problem, const ldg_params *params, ldg_result *result) {
    if (!ldg_alive(problem)) return LDG_EGLPK;
    ldg_prepare(params->verbose);
    glp_prob *prob = problem->prob;
    result->has_bound = 0;
    result->has_incumbent = 0;
    GUARDED({
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = params->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
        /* The dual simplex, without presolve: every column here is bounded, so each basis it
           visits is dual feasible and its objective is a valid bound even if time runs out.
           Or the primal simplex, when asked: on the engine's models often several times as fast
           (an independent week of 43,000 columns: 2.8 s against 17.5 s), but a bound only where
           its last basis is dual feasible (at its end). */
        parm.meth = params->primal ? GLP_PRIMAL : GLP_DUALP;
        parm.presolve = GLP_OFF;
        if (params->time_limit_ms > 0) parm.tm_lim = params->time_limit_ms;
        int ret = glp_simplex(prob, &parm);
        result->glp_return = ret;
        result->status = glp_get_status(prob);
        if (result->status != GLP_OPT && glp_get_dual_stat(prob) == GLP_FEAS) {
            result->has_bound = 1;
            result->bound = glp_get_obj_val(prob);
        }
        if (result->status == GLP_OPT) {
            result->has_bound = 1;
            result->bound = glp_get_obj_val(prob);
            result->objective = result->bound;
            if (result->values != NULL) {
                int n = glp_get_num_cols(prob);
                for (int j = 0; j < n; j++) result->values[j] = glp_get_col_prim(prob, j + 1);
            }
        }
    });
    return LDG_OK;
}

int ldg_write(ldg_problem *problem, int format, const char *path) {
    if (!ldg_alive(problem)) return LDG_EGLPK;
    ldg_prepare(0);
    int ret = 0;
    GUARDED({
        if (format == 0) {
            ret = glp_write_lp(problem->prob, NULL, path);
        } else {
            ret = glp_write_mps(problem->prob, GLP_MPS_FILE, NULL, path);
        }
    });
    return ret == 0 ? LDG_OK : LDG_EGLPK;
}

void ldg_delete(ldg_problem *problem) {
    if (problem == NULL) return;
    if (ldg_alive(problem)) {
        glp_delete_prob(problem->prob);
    }
    free(problem);
}

const char *ldg_last_message(void) { return ldg_message; }
const char *ldg_version(void) { return glp_version(); }

int ldg_const_ETMLIM(void) { return GLP_ETMLIM; }
int ldg_const_EMIPGAP(void) { return GLP_EMIPGAP; }
int ldg_const_ENOPFS(void) { return GLP_ENOPFS; }
int ldg_const_ENODFS(void) { return GLP_ENODFS; }
int ldg_const_ESTOP(void) { return GLP_ESTOP; }
int ldg_const_EROOT(void) { return GLP_EROOT; }
int ldg_const_OPT(void) { return GLP_OPT; }
int ldg_const_FEAS(void) { return GLP_FEAS; }
int ldg_const_NOFEAS(void) { return GLP_NOFEAS; }
int ldg_const_UNDEF(void) { return GLP_UNDEF; }
int ldg_const_INFEAS(void) { return GLP_INFEAS; }
int ldg_const_UNBND(void) { return GLP_UNBND; }
