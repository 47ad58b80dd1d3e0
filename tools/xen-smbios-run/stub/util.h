/* Stand-ins for hvmloader's util.h: just what smbios.c calls, served by harness.c. */
#ifndef STUB_UTIL_H
#define STUB_UTIL_H
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <xen/hvm/hvm_info_table.h>
#define BUILD_BUG_ON(c) ((void)sizeof(char[1 - 2*!!(c)]))
#define ASSERT(p) do { if (!(p)) { fprintf(stderr, "ASSERT %s\n", #p); exit(3); } } while (0)
#define PAGE_SHIFT 12
#define MB(x) ((uint64_t)(x) << 20)
#define GB(x) ((uint64_t)(x) << 30)
#define endof_field(t, f) (offsetof(t, f) + sizeof(((t *)0)->f))
extern unsigned long scratch_start;
extern struct hvm_info_table *hvm_info;
const char *xenstore_read(const char *path, const char *default_resp);
char *itoa(char *a, unsigned int i);
void uuid_to_string(char *dest, uint8_t *uuid);
uint16_t get_cpu_mhz(void);
void cpuid(uint32_t idx, uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx);
void *mem_alloc(uint32_t size, uint32_t align);
void hvm_write_smbios_tables(unsigned long ep, unsigned long smbios_start, unsigned long smbios_end);
#endif
