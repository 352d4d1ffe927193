import { loadApp } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

const dir = fixtureDir('element-api');

describe('definition files', () => {
  test('{{NAME}} placeholders take envVars of app.yaml when the environment has no value', async () => {
    const app = await loadApp(dir, { env: {} });
    try {
      expect(app.timezone).toBe('Europe/Paris');
      const define = app.getElementDefine('services.SettingsSvc');
      expect(define.title).toBe('Settings for eu');
      expect(define.config).toEqual({
        host: 'localhost',
        url: 'postgres://localhost:5432/shop',
        region: 'eu-west',
        pool: { min: 1, max: 4 },
      });
    } finally {
      await app.close();
    }
  });

  test('the environment wins over envVars, in app.yaml and in definitions', async () => {
    const app = await loadApp(dir, { env: { SHOP_TZ: 'Asia/Tokyo', SHOP_DB_HOST: 'db.internal' } });
    try {
      expect(app.timezone).toBe('Asia/Tokyo');
      expect(app.getElementDefine('services.SettingsSvc').config).toMatchObject({
        host: 'db.internal',
        url: 'postgres://db.internal:5432/shop',
        region: 'eu-west',
      });
    } finally {
      await app.close();
    }
  });

  test('config.yaml beside e.yaml is the config, inline config keys win; the instance sees it filled', async () => {
    const app = await loadApp(dir, { env: {} });
    try {
      const svc = app.getElement<{ config: Record<string, unknown> }>('services.SettingsSvc');
      expect(svc.config).toEqual(app.getElementDefine('services.SettingsSvc').config);
      expect(svc.config.region).toBe('eu-west');
    } finally {
      await app.close();
    }
  });

  test('e.json is read as-is', async () => {
    const app = await loadApp(dir);
    try {
      expect(app.getElementDefine('services.JsonSvc')).toEqual({
        fullName: 'services.JsonSvc',
        title: 'JSON Service',
        type: 'services.NormalType',
        tags: ['json'],
        config: { answer: 42 },
      });
    } finally {
      await app.close();
    }
  });
});
