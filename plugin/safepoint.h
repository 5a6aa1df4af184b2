/* safepoint.h - what gocc.cc's set-up needs of safepoint.cc. */
#ifndef GOCC_SAFEPOINT_H
#define GOCC_SAFEPOINT_H

/* -fplugin-arg-gocc-preempt: =all, =off, or by default the units with a
 * go statement or gocc.h. */
enum safepoint_mode { SAFEPOINTS_AUTO, SAFEPOINTS_ALL, SAFEPOINTS_OFF };

/* Register the pass (in cc1, and in lto1 for -flto).  wants() says, once
 * cc1 has parsed the unit, whether the default applies to it. */
void safepoint_register (const char *plugin, enum safepoint_mode mode,
			 bool (*wants) (void), bool in_cc1);

#endif
