// Name rules every resource kind shares, as the API states them.

/** Region codes (`us-west`, `eu-central`, or a self-hosted `acme-us-east`). */
export const REGION_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Secret set and image pull secret names: the API's DNS-subdomain rule (3 to 63 characters, checked beside it). */
export const SECRET_SET_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
