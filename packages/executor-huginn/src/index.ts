// Yggdrasil executor for the ops host: Wake-on-LAN, power, Pi-hole, Plex, network, Ansible. Not built yet: see the open issues.
export {};
