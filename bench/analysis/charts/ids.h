/*
 * ids.h - the charts the analysis can draw, by name: what a claim links
 * to (claims/table.c) and what the chart table describes
 * (charts/table.c). A leaf header, so both can include it.
 */
#ifndef GB_CHART_IDS_H
#define GB_CHART_IDS_H

#define GB_CHARTS(X)                                                      \
	X(SPEEDUP_CPU)		/* speedup over seq by workers */             \
	X(WALL_CPU)		/* wall time per mode at W = cores */         \
	X(SPEEDUP_NATIVE)	/* the same for code that releases the GIL */ \
	X(WALL_NATIVE)                                                    \
	X(GIL_WAIT)		/* the share of time threads waited */        \
	X(IO)			/* wall over perfect overlap by workers */    \
	X(CONVOY)		/* round trips beside CPU threads */          \
	X(STARTUP)		/* a pool's start-up per worker */            \
	X(PAYLOAD)		/* time per task by the size handed over */   \
	X(SCALE_MEM)		/* the concurrency sweep: memory per task */  \
	X(SCALE_CPU)		/* CPU per task */                            \
	X(SCALE_WALL)		/* wall over one latency */                   \
	X(TIMELINE)		/* a traced repetition, a row per thread */   \
	X(LATENCY_CDF)		/* a waking thread's wait for the GIL */      \
	X(POLICIES)		/* the lock policies side by side */ \
	X(REAL_CDF)		/* real CPython's convoy beside the model's */

enum chart_id {
#define CHART_ENUM(id) CHART_##id,
	GB_CHARTS(CHART_ENUM)
#undef CHART_ENUM
	CHART__COUNT
};

#define CHART_BIT(id) (1u << CHART_##id)

#endif
