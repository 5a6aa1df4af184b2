static void hw(int x) { (void)x; }
static void hspawn(void) { go hw(1); }
