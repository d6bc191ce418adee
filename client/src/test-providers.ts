import { provideI18nTesting } from './testing/i18n-testing';

/** Providers every unit test gets (angular.json, test target, providersFile). */
export default [...provideI18nTesting()];
