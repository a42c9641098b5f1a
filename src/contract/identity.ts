/**
 * The extension's stable identities. Policy files, force-install lists and the
 * docs all name these, so they live in the contract rather than in the build config.
 */

/** Base64 DER public key: pins the Chrome/Edge id of unpacked and self-hosted builds. */
export const CHROME_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA15rDB1Cp2v1d/wYhufGltL5rLxpWeuEPgDwSKuhkROVYdNmx3r2bcNbfwXfDoDX8HDrXsornpJo1QI0xQ7IoJulzzVVD3uPo9Hh4quuH70SVWdy7yfMANtt7uFfDhjIfTElU1khohEG4GnoS97Fpoypu+5tnp+e64or8GvAaNgzopyE6aVx0i9mRgIqLPRCr4P24oMb97A9D9WBYVGia6Who8tWKha531FOxxDmemQNrHAuUkjqFA1xgqpYe5XDng6blQljJ4LwHfMSTYdW7Lx9WLjPAlEBfNxdYaU7zNbKNHEypYL4x23a2V55Axfd/Tv/EgfGaURtS0igFjqRBMQIDAQAB';

/** The Chrome/Edge extension id derived from CHROME_EXTENSION_KEY (tested in identity.test.ts). */
export const CHROME_EXTENSION_ID = 'cecokggigaclclkmpkjmndcmicloeogn';

/** Firefox add-on id (`browser_specific_settings.gecko.id`). */
export const GECKO_ID = 'leadline@leadline.dev';
