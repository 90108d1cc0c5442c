import { maskPhone } from './mask';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mainland mobile number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
  });

  it('stars the middle of longer numbers with a country code', () => {
    expect(maskPhone('+85261234567')).toBe('+85*****4567');
  });

  it('keeps only the last four characters of a short number, and hides very short ones entirely', () => {
    expect(maskPhone('61234567')).toBe('****4567');
    expect(maskPhone('1234')).toBe('****');
  });

  it('leaves a missing phone missing', () => {
    expect(maskPhone(null)).toBeNull();
  });
});
