export { PartnerService, Partner } from './partners/partner-service';
export { generateApiKey, hashApiKey } from './partners/api-key';
