// @hvmpack/qemu: the QEMU/KVM target (-smbios file=, -acpitable file=, libvirt XML) and its guest view.
export {};
