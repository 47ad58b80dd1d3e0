/* Runs hvmloader's smbios.c (unmodified, from a Xen tag) on one blob; writes the entry point
 * (table address set to 0x20, intermediate checksum redone) and the table, dump-bin layout. */
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <xen/xen.h>
#include <xen/version.h>
#include "util.h"

unsigned long scratch_start;
static struct hvm_info_table info;
struct hvm_info_table *hvm_info = &info;
static char kv[64][2][256];
static int nkv;
static unsigned vmaj, vmin; static char extra[64];
static uint8_t uuid[16];
static uint32_t sig_eax, feat_edx; static uint16_t mhz; static char vendor[13] = "GenuineIntel";

const char *xenstore_read(const char *path, const char *def) {
  for (int i = 0; i < nkv; i++) if (!strcmp(kv[i][0], path)) return (kv[i][1][0] || !def) ? kv[i][1] : def;
  return def;
}
char *itoa(char *a, unsigned int i) { sprintf(a, "%u", i); return a; }
void uuid_to_string(char *d, uint8_t *u) {
  sprintf(d, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0],u[1],u[2],u[3],u[4],u[5],u[6],u[7],u[8],u[9],u[10],u[11],u[12],u[13],u[14],u[15]);
}
uint16_t get_cpu_mhz(void) { return mhz; }
void cpuid(uint32_t idx, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d) {
  if (idx == 0) { *a = 1; memcpy(b, vendor, 4); memcpy(d, vendor + 4, 4); memcpy(c, vendor + 8, 4); }
  else { *a = sig_eax; *b = 0; *c = 0; *d = feat_edx; }
}
void *mem_alloc(uint32_t size, uint32_t align) { (void)align; return calloc(1, size + 16); }
int hypercall_xen_version(int cmd, void *arg) {
  if (cmd == XENVER_version) return (int)((vmaj << 16) | vmin);
  if (cmd == XENVER_extraversion) { memset(arg, 0, XEN_EXTRAVERSION_LEN); strcpy(arg, extra); return 0; }
  if (cmd == XENVER_guest_handle) { memcpy(arg, uuid, 16); return 0; }
  return -1;
}

/* usage: harness OUT BLOB VMAJ VMIN EXTRA VCPUS MEMMIB UUIDHEX32 EAX EDX MHZ [key=value ...] */
int main(int argc, char **argv) {
  if (argc < 12) return 2;
  FILE *f = fopen(argv[2], "rb"); if (!f) return 2;
  fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
  size_t map = ((n + 4095) & ~4095L) + (1 << 20);
  uint8_t *blob = mmap((void *)0x200000, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (blob == MAP_FAILED) { perror("mmap"); return 2; }
  if (fread(blob, 1, n, f) != (size_t)n) return 2;
  fclose(f);
  vmaj = atoi(argv[3]); vmin = atoi(argv[4]); strcpy(extra, argv[5]);
  info.nr_vcpus = atoi(argv[6]);
  unsigned long mem = strtoul(argv[7], 0, 0), low = mem < 3840 ? mem : 3840;
  info.low_mem_pgend = low << 8; info.high_mem_pgend = mem > low ? (0x100000UL + ((mem - low) << 8)) : 0;
  for (int i = 0; i < 16; i++) { unsigned b; sscanf(argv[8] + 2 * i, "%2x", &b); uuid[i] = b; }
  sig_eax = strtoul(argv[9], 0, 0); feat_edx = strtoul(argv[10], 0, 0); mhz = atoi(argv[11]);
  if (n > 0) {
    strcpy(kv[nkv][0], "hvmloader/smbios/address"); strcpy(kv[nkv++][1], "0x200000");
    strcpy(kv[nkv][0], "hvmloader/smbios/length"); sprintf(kv[nkv++][1], "0x%lx", n);
  }
  for (int i = 12; i < argc; i++) { char *eq = strchr(argv[i], '='); *eq = 0; sprintf(kv[nkv][0], "bios-strings/%s", argv[i]); strcpy(kv[nkv++][1], eq + 1); }
  scratch_start = (unsigned long)calloc(1, 1 << 24);
  uint8_t ep[32] = {0};
  hvm_write_smbios_tables((unsigned long)ep, 0, 0);
  if (memcmp(ep, "_SM_", 4)) return 4;
  unsigned len = ep[0x16] | (ep[0x17] << 8);
  uint8_t *table = (uint8_t *)(unsigned long)scratch_start; /* the copy source: same bytes as the table */
  ep[0x18] = 0x20; ep[0x19] = ep[0x1a] = ep[0x1b] = 0;
  uint8_t s = 0; ep[0x15] = 0; for (int i = 0x10; i < 0x1f; i++) s += ep[i]; ep[0x15] = -s;
  FILE *o = fopen(argv[1], "wb"); fwrite(ep, 1, 32, o); fwrite(table, 1, len, o); fclose(o);
  return 0;
}
