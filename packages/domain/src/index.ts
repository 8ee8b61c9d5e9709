export {
  PartnerService,
  Partner,
  PartnerSettings,
  Branding,
  DEFAULT_PARTNER_SETTINGS,
  type PartnerChanges,
} from './partners/partner-service';
export { generateApiKey, hashApiKey } from './partners/api-key';
