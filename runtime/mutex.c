/* mutex.c: written by the channels issue. */
