int hypercall_xen_version(int cmd, void *arg);
