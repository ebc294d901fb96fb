#ifndef LIANDONG_CGLPK_GUARD_H
#define LIANDONG_CGLPK_GUARD_H

/*
 * The only C in Liandong: calls into GLPK made under a setjmp/longjmp guard.
 *
 * GLPK reports misuse through glp_error, which prints and calls abort(). Every function here
 * installs an error hook that longjmps back into the function itself, frees the thread's GLPK
 * environment (which invalidates every problem object of this thread) and returns
 * LDG_EGLPK. Swift never calls GLPK entry points that can fail except through this file, and
 * validates indices and parameters before it calls, so the guard is a last resort.
 *
 * A problem object must be created, used and deleted on one thread (GLPK keeps its
 * environment in thread-local storage).
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Results of the guarded calls. */
enum {
    LDG_OK = 0,
    LDG_EGLPK = -1,   /* glp_error was raised; the thread's GLPK environment is gone */
    LDG_EMEMORY = -2  /* out of memory in this file */
};

/* Bound types, mirroring GLP_FR/GLP_LO/GLP_UP/GLP_DB/GLP_FX. */
enum { LDG_FREE = 1, LDG_LOWER = 2, LDG_UPPER = 3, LDG_DOUBLE = 4, LDG_FIXED = 5 };
/* Column kinds, mirroring GLP_CV/GLP_IV/GLP_BV. */
enum { LDG_CONTINUOUS = 1, LDG_INTEGER = 2, LDG_BINARY = 3 };

/* An opaque problem handle; Swift never sees glp_prob. */
typedef struct ldg_problem ldg_problem;

/* A whole model in one call: 0-based arrays; the matrix as (row, col, value) triplets. */
typedef struct {
    int rows;
    int cols;
    const int *row_type;
    const double *row_lb;
    const double *row_ub;
    const int *col_type;
    const double *col_lb;
    const double *col_ub;
    const int *col_kind;
    const double *obj;
    double obj_constant;
    int maximize;
    int nonzeros;
    const int *nz_row;
    const int *nz_col;
    const double *nz_val;
    /* Optional names (may be NULL), used by the LP/MPS writers. */
    const char *const *row_names;
    const char *const *col_names;
    const char *name;
} ldg_model;

/* Progress report from inside branch-and-cut (may be called many times). */
typedef void (*ldg_progress_fn)(void *context, int has_incumbent, double incumbent,
                                int has_bound, double bound);

typedef struct {
    int time_limit_ms;        /* <= 0: no limit; else for the whole call (root LP, cuts, branching
                                 included): the callback stops the search once it is spent, and
                                 branches without pseudocosts where initialising them would overrun */
    double mip_gap;           /* relative gap at which to stop */
    int presolve;             /* 1: use GLPK's MIP presolver */
    int verbose;              /* 1: GLPK's terminal output goes to stderr */
    const double *start;      /* optional 0-based incumbent handed to GLPK (GLP_IHEUR), or NULL */
    ldg_progress_fn progress; /* optional */
    void *progress_context;
    int node_limit;           /* > 0: stop (GLP_ESTOP) after this many subproblems; deterministic, unlike time */
    int quick;                /* 1: a quick proof (with node_limit): no feasibility pump, branching
                                 by Driebeck-Tomlin instead of pseudocosts, MIR cuts only */
    int no_cover_cuts;        /* 1: no cover cuts (GLPK 5.0's cover-cut generator raises an error,
                                 glp_add_cols with no columns, on some presolved models) */
    double tol_obj;           /* > 0: GLPK's relative pruning tolerance (tol_obj; its default 1e-7
                                 when 0): a subproblem whose bound is within tol_obj * (1 + |z|)
                                 of the incumbent z is dropped */
    int primal;               /* 1: an LP relaxation by the primal simplex instead of the dual (much
                                 faster on these models; a bound only once it ends optimal, or at a
                                 basis that happens to be dual feasible) */
} ldg_params;

typedef struct {
    int glp_return;           /* glp_intopt / glp_simplex return code */
    int status;               /* glp_mip_status / glp_get_status */
    double objective;
    int has_bound;
    double bound;             /* best bound seen (for a MIP: over active nodes) */
    int has_incumbent;
    double *values;           /* caller-allocated, cols entries, 0-based; filled when has_incumbent */
    int iterations;           /* simplex iterations spent (without presolve: on the problem itself) */
    int nodes;                /* branch-and-bound subproblems selected (with node_limit) */
} ldg_result;

/* Build a problem. On LDG_OK, *out owns a new problem to release with ldg_delete. */
int ldg_build(const ldg_model *model, ldg_problem **out);

/* Solve as a MIP with branch-and-cut. */
int ldg_solve_mip(ldg_problem *problem, const ldg_params *params, ldg_result *result);

/* Solve the LP relaxation with the simplex method (for bounds). */
int ldg_solve_lp(ldg_problem *problem, const ldg_params *params, ldg_result *result);

/* Write the problem in CPLEX LP (format 0) or free MPS (format 1) form. */
int ldg_write(ldg_problem *problem, int format, const char *path);

/* Release a problem. Safe on NULL and after a guard has tripped. */
void ldg_delete(ldg_problem *problem);

/* The last message GLPK printed on this thread (empty if none); valid until the next call. */
const char *ldg_last_message(void);

/* GLPK's version string. */
const char *ldg_version(void);

/* GLPK constants, re-exported so that Swift maps return codes in one table. */
int ldg_const_ETMLIM(void);
int ldg_const_EMIPGAP(void);
int ldg_const_ENOPFS(void);
int ldg_const_ENODFS(void);
int ldg_const_ESTOP(void);
int ldg_const_EROOT(void);
int ldg_const_OPT(void);
int ldg_const_FEAS(void);
int ldg_const_NOFEAS(void);
int ldg_const_UNDEF(void);
int ldg_const_INFEAS(void);
int ldg_const_UNBND(void);

#ifdef __cplusplus
}
#endif

#endif
