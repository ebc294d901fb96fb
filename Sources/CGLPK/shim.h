#ifndef LIANDONG_CGLPK_SHIM_H
#define LIANDONG_CGLPK_SHIM_H
#include <glpk.h>
#endif
